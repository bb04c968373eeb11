package io.tally.raft.message;

/**
 * Answer to {@link PreVote}. On grant {@code term} echoes the asked term; on refusal it is the responder's term.
 */
public record PreVoteResponse(String from, String to, long term, boolean granted) implements RaftMessage {
}
