package io.tally.raft.message;

/**
 * Leader heartbeat, separate from AppendEntries so it never needs the log.
 *
 * @param commitIndex min(leader commit, follower's match index): never beyond what the follower holds
 * @param sequence    leader's heartbeat round number, echoed back; confirms leadership for ReadIndex and leases
 */
public record Heartbeat(String from, String to, long term, long commitIndex, long sequence) implements RaftMessage {
}
