package io.tally.server.raft;

import java.nio.ByteBuffer;

/**
 * The bytes a Raft {@link io.tally.raft.Snapshot#data()} holds in the node runtime: not the state itself but a
 * 24-byte reference to it, {@code "TSRF" | u32 version 1 | i64 index | i64 term}. The archive it names is streamed
 * separately ({@link SnapshotTransfers}) from the sender's checkpoint ({@link SnapshotCheckpoints}), so neither the
 * leader nor a follower holds a snapshot in heap and no peer frame carries more than one chunk. Data that does not
 * start with the magic is an archive carried whole (snapshots taken before streaming existed). Stateless.
 */
final class SnapshotRef {
    static final int MAGIC = 0x54535246; // "TSRF"
    static final int VERSION = 1;
    static final int BYTES = 24;

    private SnapshotRef() {
    }

    static byte[] encode(long index, long term) {
        return ByteBuffer.allocate(BYTES).putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).array();
    }

    /** True when {@code data} is a reference (else it is an archive carried whole, or empty). */
    static boolean is(byte[] data) {
        return data != null && data.length == BYTES && ByteBuffer.wrap(data).getInt() == MAGIC;
    }

    /**
     * Checks that a reference names the snapshot it travels with.
     *
     * @throws IllegalStateException when it is not a version-1 reference to (index, term)
     */
    static void check(byte[] data, long index, long term) {
        ByteBuffer b = ByteBuffer.wrap(data);
        int magic = b.getInt();
        int version = b.getInt();
        long i = b.getLong();
        long t = b.getLong();
        if (magic != MAGIC || version != VERSION || i != index || t != term) {
            throw new IllegalStateException("snapshot reference names index " + i + " term " + t + " (version " + version
                    + ") but travels with snapshot " + index + "/" + term + "; expected a version-" + VERSION + " reference to it");
        }
    }
}
