package io.tally.raft.message;

/**
 * Pre-vote request (dissertation §9.6): "would you vote for me in {@code term}?". Changes no state on the receiver.
 *
 * @param term the term the sender would campaign in (its current term + 1)
 */
public record PreVote(String from, String to, long term, long lastLogIndex, long lastLogTerm) implements RaftMessage {
}
