package io.tally.storage.fuzz;

import io.tally.raft.Configuration;
import io.tally.raft.Snapshot;
import io.tally.raft.SnapshotMetadata;
import io.tally.storage.raft.SnapshotFileCodec;
import io.tally.storage.state.SnapshotArchive;
import io.tally.storage.wal.WalRecord;
import io.tally.storage.wal.WalRecordCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Seeded random-bytes fuzzing of the decoders that runs in every build (Jazzer's CI mode only replays its
 * corpus): raw random bytes, and valid encodings with random bytes flipped, cut or extended. Only the
 * declared corruption error may come out (the harness turns anything else into a failure).
 */
class StorageDecoderPropertyTest {

    @Property(tries = 2000)
    void randomBytesNeverBreakTheWalDecoder(@ForAll @Size(max = 300) byte[] input) {
        StorageDecoders.walRecords(input);
    }

    @Property(tries = 2000)
    void randomBytesNeverBreakTheSnapshotReaders(@ForAll @Size(max = 300) byte[] input) {
        StorageDecoders.snapshotArchive(input);
        StorageDecoders.snapshotFile(input);
    }

    @Property(tries = 1000)
    void damagedWalFramesOnlyFailAsCorruption(@ForAll long seed) {
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WalRecordCodec.encode(new WalRecord.SegmentHeader(1, 0, 0, 3)));
        for (int i = 1; i <= 3; i++) {
            byte[] d = new byte[rnd.nextInt(40)];
            rnd.nextBytes(d);
            out.writeBytes(WalRecordCodec.encode(new WalRecord.Entry(i, 1, d)));
        }
        out.writeBytes(WalRecordCodec.encode(new WalRecord.Compact(2, 1, rnd.nextBoolean())));
        out.writeBytes(WalRecordCodec.encode(new WalRecord.Truncate(3)));
        StorageDecoders.walRecords(damage(out.toByteArray(), rnd));
    }

    @Property(tries = 300)
    void damagedSnapshotsOnlyFailAsCorruption(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        byte[] data = new byte[rnd.nextInt(100)];
        rnd.nextBytes(data);
        byte[] file = SnapshotFileCodec.encode(new Snapshot(new SnapshotMetadata(5, 2, Configuration.ofVoters("a", "b")), data));
        StorageDecoders.snapshotFile(damage(file, rnd));
        StorageDecoders.snapshotArchive(damage(validArchive(rnd), rnd));
    }

    /**
     * Damaged inputs for all three decoders: 20,000 by default, and for {@code tally.fuzz.seconds} more
     * (300 s with -Psoak). Seeded, so a failure is reproducible from the seed in the message.
     */
    @org.junit.jupiter.api.Test
    void damagedInputsForTheFuzzBudget() throws Exception {
        long budgetNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.getLong("tally.fuzz.seconds", 0));
        long start = System.nanoTime();
        long seed = 20261121;
        byte[] archive = validArchive(new Random(seed));
        byte[] wal = WalRecordCodec.encode(new WalRecord.Entry(3, 2, new byte[] {1, 2, 3}));
        byte[] snap = SnapshotFileCodec.encode(new Snapshot(new SnapshotMetadata(5, 2, Configuration.ofVoters("a")), new byte[] {9}));
        for (long i = 0; i < 20_000 || System.nanoTime() - start < budgetNanos; i++) {
            Random rnd = new Random(seed + i);
            try {
                StorageDecoders.walRecords(damage(wal, rnd));
                StorageDecoders.snapshotFile(damage(snap, rnd));
                StorageDecoders.snapshotArchive(damage(archive, rnd));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("decoder failed on the input of seed " + (seed + i), e);
            }
        }
    }

    static byte[] validArchive(Random rnd) throws Exception {
        Path dir = Files.createTempDirectory("tally-archive");
        try {
            for (int i = 0; i < 1 + rnd.nextInt(3); i++) {
                byte[] d = new byte[rnd.nextInt(200)];
                rnd.nextBytes(d);
                Files.write(dir.resolve("f" + i + ".sst"), d);
            }
            return SnapshotArchive.prepare(dir, 9, 3, new byte[] {1, 2}).toBytes();
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Flips, overwrites, cuts or extends a valid encoding at random places. */
    static byte[] damage(byte[] valid, Random rnd) {
        byte[] b = valid.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                int at = rnd.nextInt(b.length);
                for (int i = at; i < Math.min(b.length, at + 4); i++) {
                    b[i] = (byte) (rnd.nextBoolean() ? 0xFF : rnd.nextInt(256));
                }
            }
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            default -> {
                b = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(20));
            }
        }
        return b;
    }
}
