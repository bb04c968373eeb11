package io.tally.raft.message;

/**
 * Leader's answer to {@link ReadIndexRequest}: once the follower has applied up to {@code readIndex} it may serve
 * the read. {@code ok == false} means the leader could not serve it (stepping down, transferring); retry.
 */
public record ReadIndexResponse(String from, String to, long term, long requestId, long readIndex, boolean ok)
        implements RaftMessage {
}
