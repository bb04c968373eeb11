package io.tally.raft.message;

/**
 * RequestVote RPC (Figure 2).
 *
 * @param transfer true when the candidate campaigns because of {@link TimeoutNow} (leadership transfer): voters
 *                 then ignore their "heard from a leader recently" lease
 */
public record RequestVote(String from, String to, long term, long lastLogIndex, long lastLogTerm, boolean transfer)
        implements RaftMessage {
}
