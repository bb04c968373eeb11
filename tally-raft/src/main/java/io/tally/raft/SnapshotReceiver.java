package io.tally.raft;

import java.io.ByteArrayOutputStream;

/** Assembles one incoming snapshot from in-order chunks; bounded by {@link #MAX_BYTES}. */
final class SnapshotReceiver {
    static final long MAX_BYTES = 1L << 31;
    final SnapshotMetadata metadata;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    SnapshotReceiver(SnapshotMetadata metadata) {
        this.metadata = metadata;
    }

    long received() {
        return data.size();
    }

    /** Appends a chunk at {@code offset}; false if it is not the next expected chunk or too large. */
    boolean accept(long offset, byte[] chunk) {
        if (offset != data.size() || data.size() + (long) chunk.length >= MAX_BYTES) {
            return false;
        }
        data.write(chunk, 0, chunk.length);
        return true;
    }

    Snapshot complete() {
        return new Snapshot(metadata, data.toByteArray());
    }
}
