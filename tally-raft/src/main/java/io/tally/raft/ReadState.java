package io.tally.raft;

/**
 * A linearizable read that is now safe: serve it once the local state machine has applied {@code readIndex}.
 *
 * @param requestId the id the runtime passed to {@link RaftNode#readIndex(long)}
 * @param readIndex the commit index the read must observe
 */
public record ReadState(long requestId, long readIndex) {
}
