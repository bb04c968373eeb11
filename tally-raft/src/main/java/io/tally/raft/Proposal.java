package io.tally.raft;

/**
 * A command to replicate.
 *
 * @param data     opaque command bytes (bounded by {@link RaftConfig#maxEntryBytes()})
 * @param clientId session id for exactly-once semantics, 0 for none
 * @param sequence client's sequence number (>= 1 when clientId != 0)
 * @param nowMs    the proposing runtime's clock in ms; the leader stamps entries with
 *                 max(previous entry's logTimeMs, nowMs) so log time never goes backwards
 */
public record Proposal(byte[] data, long clientId, long sequence, long nowMs) {
    public Proposal {
        if (data == null) {
            throw new IllegalArgumentException("proposal data must not be null");
        }
        if (clientId != 0 && sequence < 1) {
            throw new IllegalArgumentException("expected sequence >= 1 for client " + clientId + ", got " + sequence);
        }
    }

    /** A command without a client session. */
    public static Proposal of(byte[] data) {
        return new Proposal(data, 0, 0, 0);
    }
}
