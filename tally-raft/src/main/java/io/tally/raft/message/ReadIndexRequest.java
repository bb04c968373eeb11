package io.tally.raft.message;

/** A follower asks the leader for a read index on behalf of its local read {@code requestId}. */
public record ReadIndexRequest(String from, String to, long term, long requestId) implements RaftMessage {
}
