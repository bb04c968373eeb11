package io.tally.raft;

import java.util.Objects;

/**
 * One replicated log entry. Immutable; the {@code data} array must not be modified after construction.
 *
 * @param index     position in the log, starting at 1
 * @param term      term of the leader that created the entry
 * @param type      kind of entry
 * @param clientId  client session id for exactly-once commands (0 = no session)
 * @param sequence  the client's sequence number within its session (0 = no session)
 * @param logTimeMs log time in ms stamped by the leader: monotone non-decreasing along the log; sessions expire by it
 * @param data      opaque command bytes (for CONFIG entries, the encoded configuration)
 */
public record Entry(long index, long term, EntryType type, long clientId, long sequence, long logTimeMs, byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    public Entry {
        Objects.requireNonNull(type, "type");
        if (index < 1) {
            throw new IllegalArgumentException("entry index must be >= 1, got " + index);
        }
        if (term < 1) {
            throw new IllegalArgumentException("entry term must be >= 1, got " + term);
        }
        data = data == null ? EMPTY : data;
    }

    /** Size used for batch and in-flight byte limits: payload plus a fixed per-entry overhead. */
    public long sizeBytes() {
        return data.length + 48L;
    }

    /** True if this entry carries a client session (clientId != 0). */
    public boolean hasSession() {
        return clientId != 0;
    }

    /** Value equality, comparing the data bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && index == e.index && term == e.term && type == e.type && clientId == e.clientId
                && sequence == e.sequence && logTimeMs == e.logTimeMs && java.util.Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, term, type, clientId, sequence, logTimeMs) * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Entry[" + index + "@" + term + " " + type + (hasSession() ? " c" + clientId + "#" + sequence : "")
                + " " + data.length + "B]";
    }
}
