package io.tally.raft.message;

/** Leadership transfer: the leader tells an up-to-date follower to campaign at once (skipping pre-vote). */
public record TimeoutNow(String from, String to, long term) implements RaftMessage {
}
