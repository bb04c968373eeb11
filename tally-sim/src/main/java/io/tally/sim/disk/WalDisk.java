package io.tally.sim.disk;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.storage.RecoveredState;
import io.tally.storage.fs.SimFileSystem;
import io.tally.storage.raft.WalRaftStorage;
import io.tally.storage.wal.Wal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

/**
 * A simulated node's storage that runs the real code of tally-storage: {@link WalRaftStorage} (segmented WAL with
 * CRC framing, snapshot files, compaction, recovery) on a {@link SimFileSystem} (in memory, seeded; a crash drops
 * unsynced bytes and names and may keep a random prefix of each file's last unsynced append, i.e. tear it). A crash
 * reopens the storage, so every restart runs the WAL's recovery; a refusal to start ({@code WalCorruptionException})
 * or an I/O error surfaces as an exception and fails the run. {@link #live()} mirrors every write in a
 * {@link LogImage} for the safety checks. Simulation thread only.
 */
public final class WalDisk implements SimStorage {
    private static final String DIR = "raft";

    private final SimFileSystem fs;
    private final Configuration initial;
    private final Wal.Options options;
    private WalRaftStorage storage;
    private LogImage live;
    private long crashes;

    /**
     * @param initial         the cluster's initial configuration, recovered while nothing was made durable
     *                        ({@link Configuration#EMPTY} for a node that waits to be added)
     * @param segmentBytesMax WAL segment size (small values exercise rolling and segment deletion)
     * @param random          the seeded generator of the simulated file system (torn tails)
     */
    public WalDisk(Configuration initial, long segmentBytesMax, Random random) {
        this.fs = new SimFileSystem(random);
        this.initial = initial;
        this.options = new Wal.Options(segmentBytesMax, 16 << 20);
        open();
    }

    private void open() {
        try {
            storage = WalRaftStorage.open(fs, DIR, options);
        } catch (IOException e) {
            throw new UncheckedIOException("WAL recovery failed after " + crashes + " crashes: " + e.getMessage(), e);
        }
        RecoveredState r = storage.recover();
        boolean nothingDurable = r.isFresh() && r.snapshot().metadata().configuration().allMembers().isEmpty();
        live = nothingDurable ? new LogImage(initial) : LogImage.of(r);
    }

    @Override
    public RecoveredState recover() {
        return live.toRecovered();
    }

    @Override
    public long lastIndex() {
        return live.lastIndex();
    }

    @Override
    public void append(List<Entry> entries) {
        storage.append(entries);
        for (Entry e : entries) {
            live.append(e);
        }
        check();
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        storage.truncateSuffix(fromIndex);
        live.truncateSuffix(fromIndex);
        check();
    }

    @Override
    public void saveHardState(HardState hardState) {
        storage.saveHardState(hardState);
        live.saveHardState(hardState);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        storage.saveSnapshot(snapshot);
        live.saveSnapshot(snapshot);
        check();
    }

    @Override
    public void sync() {
        storage.sync();
    }

    /**
     * Power loss on the simulated file system, then the WAL's recovery. {@code tornProbability} is not used: the file
     * system tears by its own model (a random prefix of the last unsynced append of each file survives).
     */
    @Override
    public String crash(Random random, double tornProbability) {
        long before = live.lastIndex();
        crashes++;
        fs.crash();
        open();
        Wal.Recovery rec = storage.wal().recovery();
        return "wal recovered " + rec.segments() + " segments, last index " + live.lastIndex() + " (was " + before
                + ")" + (rec.truncatedBytes() > 0 ? ", cut a torn tail of " + rec.truncatedBytes() + " bytes" : "");
    }

    @Override
    public LogImage live() {
        return live;
    }

    /** File syncs done (the simulated file system's count). */
    public long fileSyncs() {
        return fs.syncCount();
    }

    /** The process's view and the WAL must agree on the log's end: a mismatch is a storage bug. */
    private void check() {
        if (storage.lastIndex() != live.lastIndex()) {
            throw new IllegalStateException("WAL last index " + storage.lastIndex() + " but the written log ends at "
                    + live.lastIndex());
        }
    }
}
