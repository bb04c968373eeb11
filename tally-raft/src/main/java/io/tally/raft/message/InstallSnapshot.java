package io.tally.raft.message;

import io.tally.raft.SnapshotMetadata;

/**
 * One chunk of a snapshot sent to a follower that needs entries the leader has discarded.
 *
 * @param offset byte offset of {@code chunk} in the snapshot data
 * @param done   true on the last chunk
 */
public record InstallSnapshot(String from, String to, long term, SnapshotMetadata metadata, long offset,
                              byte[] chunk, boolean done) implements RaftMessage {
}
