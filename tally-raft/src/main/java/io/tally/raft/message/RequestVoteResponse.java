package io.tally.raft.message;

/** Answer to {@link RequestVote}; must leave only after the vote is durable. */
public record RequestVoteResponse(String from, String to, long term, boolean granted) implements RaftMessage {
}
