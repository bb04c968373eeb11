package io.tally.storage.raft;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.storage.RaftStorage;
import io.tally.raft.storage.RecoveredState;
import io.tally.storage.fs.FileHandle;
import io.tally.storage.fs.FileSystem;
import io.tally.storage.wal.Wal;
import io.tally.storage.wal.WalCorruptionException;
import io.tally.storage.wal.WalRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link RaftStorage} on the segmented WAL. Layout under {@code dir}:
 * <pre>
 *   dir/wal/NNNNNNNNNNNNNNNNNNNN.wal               log segments (entries, hard state, truncations, compactions)
 *   dir/snapshot/IIIIIIIIIIIIIIIIIIII-TTTTTTTTTTTTTTTTTTTT.snap   the latest snapshot (index-term)
 * </pre>
 * Writes are buffered until {@link #sync()}. A snapshot is written synchronously (temp file, fsync,
 * rename, directory fsync) before the WAL's compaction record, so a durable compaction always has its
 * snapshot. {@link #open} recovers (and refuses corrupt storage with {@link WalCorruptionException});
 * {@link #recover()} returns what it found. I/O errors surface as {@link UncheckedIOException}.
 * Confined to the node's runtime thread.
 */
public final class WalRaftStorage implements RaftStorage, Closeable {

    private static final String SNAP_SUFFIX = ".snap";

    private final FileSystem fs;
    private final String snapDir;
    private final Wal wal;
    private Snapshot snapshot;
    private final RecoveredState recovered;

    private WalRaftStorage(FileSystem fs, String dir, Wal wal, Snapshot snapshot, RecoveredState recovered) {
        this.fs = fs;
        this.snapDir = FileSystem.join(dir, "snapshot");
        this.wal = wal;
        this.snapshot = snapshot;
        this.recovered = recovered;
    }

    /** Opens or creates the storage in {@code dir} and recovers it. */
    public static WalRaftStorage open(FileSystem fs, String dir, Wal.Options options) throws IOException {
        String snapDir = FileSystem.join(dir, "snapshot");
        fs.mkdirs(snapDir);
        fs.syncDir(dir);
        Snapshot snapshot = loadSnapshot(fs, snapDir);
        Wal wal = Wal.open(fs, FileSystem.join(dir, "wal"), options);
        if (wal.compactIndex() > snapshot.index()) {
            wal.close();
            throw WalCorruptionException.refuseToStart(fs.describe(snapDir), 0, "the log is compacted to " + wal.compactIndex()
                    + " but the newest snapshot covers only " + snapshot.index(), fs.describe(dir));
        }
        if (wal.compactIndex() < snapshot.index() || (snapshot.index() > 0 && wal.compactTerm() != snapshot.term())) {
            // the snapshot became durable but the crash came before the WAL's compaction record did
            wal.compact(snapshot.index(), snapshot.term());
            wal.sync();
        }
        HardState hs = HardState.EMPTY;
        if (wal.hardState().isPresent()) {
            hs = RaftRecordCodec.decodeHardState(wal.hardState().get(), fs.describe(FileSystem.join(dir, "wal")));
        }
        List<Entry> entries = new ArrayList<>();
        if (wal.lastIndex() >= wal.firstIndex()) {
            for (WalRecord.Entry e : wal.entries(wal.firstIndex(), wal.lastIndex() + 1, Long.MAX_VALUE)) {
                entries.add(RaftRecordCodec.fromWal(e, fs.describe(FileSystem.join(dir, "wal"))));
            }
        }
        RecoveredState state = new RecoveredState(hs, snapshot, entries);
        return new WalRaftStorage(fs, dir, wal, snapshot, state);
    }

    static String snapshotName(long index, long term) {
        return String.format("%020d-%020d%s", index, term, SNAP_SUFFIX);
    }

    private static Snapshot loadSnapshot(FileSystem fs, String snapDir) throws IOException {
        String newest = null;
        for (String name : fs.list(snapDir)) {
            if (name.endsWith(".tmp")) {
                fs.delete(FileSystem.join(snapDir, name)); // a snapshot that never finished
            } else if (name.endsWith(SNAP_SUFFIX)) {
                newest = name; // names sort by index
            }
        }
        if (newest == null) {
            return Snapshot.bootstrap(Configuration.EMPTY);
        }
        String path = FileSystem.join(snapDir, newest);
        byte[] bytes;
        try (FileHandle h = fs.open(path, false)) {
            long size = h.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw WalCorruptionException.refuseToStart(fs.describe(path), 0, "snapshot file of " + size + " bytes is too large", fs.describe(snapDir));
            }
            bytes = h.readFully(0, (int) size);
        }
        try {
            return SnapshotFileCodec.decode(bytes, fs.describe(path));
        } catch (WalCorruptionException e) {
            throw WalCorruptionException.refuseToStart(e.file(), e.offset(), e.reason(), fs.describe(FileSystem.parent(snapDir)));
        }
    }

    @Override
    public RecoveredState recover() {
        return recovered;
    }

    /** The WAL underneath (for metrics and tests). */
    public Wal wal() {
        return wal;
    }

    @Override
    public long lastIndex() {
        return wal.lastIndex();
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (entries.get(0).index() != wal.lastIndex() + 1) {
            throw new IllegalStateException("expected entry index " + (wal.lastIndex() + 1) + ", got " + entries.get(0).index());
        }
        List<WalRecord.Entry> records = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            records.add(RaftRecordCodec.toWal(e));
        }
        try {
            wal.append(records);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        if (fromIndex <= wal.compactIndex()) {
            throw new IllegalStateException("cannot truncate from " + fromIndex + " at or below snapshot " + wal.compactIndex());
        }
        if (fromIndex > wal.lastIndex()) {
            return;
        }
        try {
            wal.truncateFrom(fromIndex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void saveHardState(HardState hardState) {
        try {
            wal.setHardState(RaftRecordCodec.encodeHardState(hardState));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void saveSnapshot(Snapshot s) {
        // Only an older snapshot is ignored: a bootstrapped node hands its initial membership out as a
        // snapshot at index 0, which must become durable although the fresh store already "has" index 0.
        if (s.index() < snapshot.index()) {
            return;
        }
        try {
            String name = snapshotName(s.index(), s.term());
            String tmp = FileSystem.join(snapDir, name + ".tmp");
            try (FileHandle h = fs.open(tmp, true)) {
                h.truncate(0);
                h.append(ByteBuffer.wrap(SnapshotFileCodec.encode(s)));
                h.sync();
            }
            fs.rename(tmp, FileSystem.join(snapDir, name));
            fs.syncDir(snapDir);
            for (String old : fs.list(snapDir)) {
                if (old.endsWith(SNAP_SUFFIX) && !old.equals(name)) {
                    fs.delete(FileSystem.join(snapDir, old));
                }
            }
            snapshot = s;
            wal.compact(s.index(), s.term());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The latest stored snapshot. */
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public void sync() {
        try {
            wal.sync();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }
}
