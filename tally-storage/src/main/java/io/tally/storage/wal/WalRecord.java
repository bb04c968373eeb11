package io.tally.storage.wal;

import java.util.Arrays;

/** One record of the write-ahead log. The record type byte on disk is {@link #type()}. */
public sealed interface WalRecord {

    byte type();

    /**
     * First record of every segment: the log's shape when the segment was created, so that segments
     * before it can be deleted once none of their entries is live.
     *
     * @param segmentSeq    sequence number in the file name
     * @param compactIndex  index of the last entry covered by a snapshot (log starts after it)
     * @param compactTerm   term of that entry
     * @param lastIndex     last log index when the segment was created
     */
    record SegmentHeader(long segmentSeq, long compactIndex, long compactTerm, long lastIndex) implements WalRecord {
        public static final byte TYPE = 1;

        @Override
        public byte type() {
            return TYPE;
        }
    }

    /** A Raft log entry; {@code data} is opaque. */
    record Entry(long index, long term, byte[] data) implements WalRecord {
        public static final byte TYPE = 2;

        @Override
        public byte type() {
            return TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.index == index && e.term == term && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(index) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Entry[index=" + index + ", term=" + term + ", bytes=" + data.length + "]";
        }
    }

    /** The Raft hard state (term, vote, commit) encoded by the caller; the last one in the log wins. */
    record HardState(byte[] bytes) implements WalRecord {
        public static final byte TYPE = 3;

        @Override
        public byte type() {
            return TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HardState h && Arrays.equals(h.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** Removes every entry with index &gt;= {@code fromIndex} (a conflicting suffix). */
    record Truncate(long fromIndex) implements WalRecord {
        public static final byte TYPE = 4;

        @Override
        public byte type() {
            return TYPE;
        }
    }

    /**
     * The log now starts after {@code index} (covered by a snapshot of {@code term}); entries after it are
     * kept when {@code keepSuffix}, else the whole log is discarded (snapshot install over a conflicting log).
     */
    record Compact(long index, long term, boolean keepSuffix) implements WalRecord {
        public static final byte TYPE = 5;

        @Override
        public byte type() {
            return TYPE;
        }
    }
}
