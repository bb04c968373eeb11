package io.tally.storage.fuzz;

import io.tally.storage.raft.SnapshotFileCodec;
import io.tally.storage.state.SnapshotArchive;
import io.tally.storage.wal.WalCorruptionException;
import io.tally.storage.wal.WalRecordCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The decoders under fuzz. Each call may only return normally or throw {@link WalCorruptionException};
 * any other exception (or an OutOfMemoryError from an unbounded allocation) escapes to the fuzzer.
 */
final class StorageDecoders {

    /** Small enough that a decoder trusting a length field would fail loudly. */
    static final int BODY_BYTES_MAX = 1 << 16;

    private StorageDecoders() {
    }

    static void walRecords(byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(input);
        try {
            while (b.hasRemaining()) {
                if (WalRecordCodec.decode(b, BODY_BYTES_MAX, "fuzz", b.position()) == null) {
                    return; // incomplete frame
                }
            }
        } catch (WalCorruptionException expected) {
            // the declared error
        }
    }

    static void snapshotArchive(byte[] input) {
        try {
            SnapshotArchive.read(new ByteArrayInputStream(input), input.length, SnapshotArchive.DISCARD, "fuzz");
        } catch (WalCorruptionException expected) {
            // the declared error
        } catch (IOException e) {
            throw new AssertionError("only WalCorruptionException may come out, got " + e, e);
        }
    }

    static void snapshotFile(byte[] input) {
        try {
            SnapshotFileCodec.decode(input, "fuzz");
        } catch (WalCorruptionException expected) {
            // the declared error
        }
    }
}
