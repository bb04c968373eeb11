package io.tally.server.raft;

import io.tally.raft.Role;
import java.util.SortedSet;

/** A snapshot of the Raft state of this node for {@code /v1/cluster}; indexes are log indexes. */
public record RaftStatus(String nodeId, Role role, long term, String leaderId, long commitIndex, long appliedIndex,
                         long lastIndex, long snapshotIndex, SortedSet<String> voters, SortedSet<String> learners) {
}
