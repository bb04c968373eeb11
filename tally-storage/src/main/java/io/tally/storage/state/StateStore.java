package io.tally.storage.state;

import io.tally.storage.fs.RealFileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strong keyspaces' state on RocksDB, under one directory:
 * <pre>
 *   dir/CURRENT        name of the live database directory (replaced atomically: temp, fsync, rename, dir fsync)
 *   dir/db-NNNNNN/     the live RocksDB (column families: default = data, meta, sessions, chunkrefs)
 *   dir/incoming-*     snapshot transfers in progress ({@link SnapshotReceiver})
 * </pre>
 * {@link #apply} writes a batch's data, session and chunk-reference changes and the applied index in one
 * atomic WriteBatch: after any crash the store holds exactly the batches up to {@link #appliedIndex()},
 * and a batch at or below it is refused, so the Raft log is never applied twice. Unless {@code syncWrites}
 * is set, RocksDB's own WAL is off: the Raft log is the durable record, batches live in the memtables until
 * RocksDB flushes them (all column families at once: atomic flush, so a crash keeps a prefix of whole
 * batches) or {@link #checkpoint} flushes them before a snapshot (so the Raft log is compacted only up to
 * flushed state), and after a crash the entries after the applied index are replayed. A clean close flushes. Thread-safety: apply/install/close from the node's apply thread; reads
 * from any thread.
 */
public final class StateStore implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    /** Column family a write goes to. */
    public enum Family {
        /** Keyspace data. */
        DATA,
        /** Exactly-once client sessions (client id to last sequence and reply). */
        SESSIONS,
        /** Key = chunk id (64 hex chars) + '/' + owner; the chunk is referenced while any key names it. */
        CHUNK_REFS
    }

    /** One change: put {@code value}, or delete when value is null. */
    public record Write(Family family, byte[] key, byte[] value) {
        public static Write put(Family f, byte[] key, byte[] value) {
            return new Write(f, key, value);
        }

        public static Write delete(Family f, byte[] key) {
            return new Write(f, key, null);
        }
    }

    /** A key and its value, from a scan. */
    public record KeyValue(byte[] key, byte[] value) {
    }

    static {
        RocksDB.loadLibrary();
    }

    private static final byte[] APPLIED_INDEX_KEY = "applied_index".getBytes(StandardCharsets.UTF_8);
    private static final byte[][] CF_NAMES = {
        RocksDB.DEFAULT_COLUMN_FAMILY, "meta".getBytes(StandardCharsets.UTF_8),
        "sessions".getBytes(StandardCharsets.UTF_8), "chunkrefs".getBytes(StandardCharsets.UTF_8)
    };

    private final Path dir;
    private final boolean syncWrites;
    private final boolean fsync;
    private String liveName;
    private DBOptions dbOptions;
    private ColumnFamilyOptions cfOptions;
    private RocksDB db;
    private List<ColumnFamilyHandle> handles;
    private WriteOptions writeOptions;
    private volatile long appliedIndex;
    /** Readers share it; install and close take it exclusively so no read touches a closed database. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Keys looked at by scans (see {@link #scanKeysRead()}). */
    private final java.util.concurrent.atomic.LongAdder scanKeysRead = new java.util.concurrent.atomic.LongAdder();

    private StateStore(Path dir, boolean syncWrites, boolean fsync) {
        this.dir = dir;
        this.syncWrites = syncWrites;
        this.fsync = fsync;
    }

    /**
     * Opens (or creates) the store in {@code dir}. {@code fsync=false} (tests and benchmarks only) skips
     * directory and pointer fsyncs.
     */
    public static StateStore open(Path dir, boolean syncWrites, boolean fsync) throws IOException {
        StateStore s = new StateStore(dir, syncWrites, fsync);
        s.start();
        return s;
    }

    private void start() throws IOException {
        Files.createDirectories(dir);
        Path current = dir.resolve("CURRENT");
        Files.deleteIfExists(dir.resolve("CURRENT.tmp"));
        if (Files.exists(current)) {
            liveName = Files.readString(current, StandardCharsets.UTF_8).trim();
            if (!liveName.matches("db-\\d{6}") || !Files.isDirectory(dir.resolve(liveName))) {
                throw new IOException("refusing to start: " + current + " names \"" + liveName + "\", which is not a database directory under " + dir
                        + ". To rebuild this node from the cluster: stop it, remove its data directory, and start it again with --join.");
            }
        } else {
            liveName = "db-000001";
            writePointer(liveName);
        }
        // directories left over by an install that crashed before or after its pointer switch
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("db-") && !n.equals(liveName)) {
                    deleteTree(p);
                }
            }
        }
        openDb();
    }

    private void openDb() throws IOException {
        // Atomic flush: with RocksDB's WAL off, every column family's memtable is flushed together, so what survives
        // a crash is always a prefix of whole batches (the applied index included) and the Raft log replays the rest.
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setAtomicFlush(true);
        cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : CF_NAMES) {
            descriptors.add(new ColumnFamilyDescriptor(name, cfOptions));
        }
        handles = new ArrayList<>();
        try {
            db = RocksDB.open(dbOptions, dir.resolve(liveName).toString(), descriptors, handles);
            byte[] v = db.get(handles.get(1), APPLIED_INDEX_KEY);
            appliedIndex = v == null ? 0 : ByteBuffer.wrap(v).getLong();
        } catch (RocksDBException e) {
            throw new IOException("cannot open RocksDB at " + dir.resolve(liveName) + ": " + e.getMessage(), e);
        }
        writeOptions = new WriteOptions().setSync(syncWrites && fsync).setDisableWAL(!syncWrites);
    }

    private ColumnFamilyHandle handle(Family f) {
        return handles.get(switch (f) {
            case DATA -> 0;
            case SESSIONS -> 2;
            case CHUNK_REFS -> 3;
        });
    }

    /** Index of the last applied log entry (0 when nothing was applied). */
    public long appliedIndex() {
        return appliedIndex;
    }

    /**
     * Applies the writes of log entry {@code index} atomically with the new applied index.
     *
     * @throws IllegalStateException if {@code index} is not above the applied index (it would apply twice)
     */
    public void apply(long index, List<Write> writes) throws IOException {
        if (index <= appliedIndex) {
            throw new IllegalStateException("entry " + index + " is already applied (applied index " + appliedIndex + "): applying it again would double it");
        }
        lock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            checkOpen();
            for (Write w : writes) {
                if (w.value() == null) {
                    batch.delete(handle(w.family()), w.key());
                } else {
                    batch.put(handle(w.family()), w.key(), w.value());
                }
            }
            batch.put(handles.get(1), APPLIED_INDEX_KEY, ByteBuffer.allocate(8).putLong(index).array());
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IOException("RocksDB write of entry " + index + " failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
        appliedIndex = index;
    }

    public Optional<byte[]> get(Family family, byte[] key) throws IOException {
        lock.readLock().lock();
        try {
            checkOpen();
            return Optional.ofNullable(db.get(handle(family), key));
        } catch (RocksDBException e) {
            throw new IOException("RocksDB read failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (db == null) {
            throw new IllegalStateException("state store at " + dir + " is closed");
        }
    }

    /** Up to {@code limit} entries whose keys start with {@code prefix}, in key order (unsigned bytes). */
    public List<KeyValue> scan(Family family, byte[] prefix, int limit) {
        return scan(family, prefix, null, limit);
    }

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} and are at or after {@code fromInclusive}
     * (null: from the start of the prefix), in key order (unsigned bytes). The iterator seeks straight to the later
     * of the two, so a page that resumes after a continuation token never reads the keys before it; it stops after
     * {@code limit} entries or at the first key outside the prefix.
     */
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("expected a scan limit >= 0, got " + limit);
        }
        byte[] start = fromInclusive == null || Arrays.compareUnsigned(fromInclusive, prefix) < 0 ? prefix : fromInclusive;
        List<KeyValue> out = new ArrayList<>(Math.min(limit, 1_024));
        if (limit == 0) {
            return out;
        }
        long steps = 0;
        lock.readLock().lock();
        try (RocksIterator it = newIterator(family)) {
            for (it.seek(start); it.isValid() && out.size() < limit; it.next()) {
                steps++;
                byte[] k = it.key();
                if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                out.add(new KeyValue(k, it.value()));
            }
        } finally {
            lock.readLock().unlock();
            scanKeysRead.add(steps);
        }
        return out;
    }

    /** Keys the scans of this store have looked at since it opened (test hook and diagnostics; any thread). */
    public long scanKeysRead() {
        return scanKeysRead.sum();
    }

    private RocksIterator newIterator(Family family) {
        checkOpen();
        return db.newIterator(handle(family));
    }

    /** Chunk ids (hex) named by any key of {@link Family#CHUNK_REFS}. */
    public TreeSet<String> referencedChunks() {
        TreeSet<String> ids = new TreeSet<>();
        lock.readLock().lock();
        try (RocksIterator it = newIterator(Family.CHUNK_REFS)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String k = new String(it.key(), StandardCharsets.UTF_8);
                int slash = k.indexOf('/');
                ids.add(slash < 0 ? k : k.substring(0, slash));
            }
        } finally {
            lock.readLock().unlock();
        }
        return ids;
    }

    /**
     * Writes a consistent checkpoint of the whole store (data, sessions, refs, applied index) to
     * {@code target}, which must not exist; returns the applied index it holds.
     */
    public long checkpoint(Path target) throws IOException {
        lock.readLock().lock();
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true); Checkpoint cp = Checkpoint.create(db)) {
            long index = appliedIndex;
            db.flush(fo, handles);
            cp.createCheckpoint(target.toString());
            if (fsync) {
                try (Stream<Path> files = Files.list(target)) {
                    for (Path f : files.toList()) {
                        try (var ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.READ)) {
                            ch.force(true);
                        }
                    }
                }
                RealFileSystem.syncDirectory(target);
                RealFileSystem.syncDirectory(target.getParent());
            }
            return index;
        } catch (RocksDBException e) {
            throw new IOException("RocksDB checkpoint to " + target + " failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Directory for staging a snapshot transfer (created if needed). */
    public Path stagingDir(String name) throws IOException {
        Path p = dir.resolve("incoming-" + name);
        Files.createDirectories(p);
        return p;
    }

    /**
     * Replaces the whole state with a complete, verified checkpoint directory (for example one rebuilt by
     * {@link SnapshotReceiver}): moves it in as the next database, switches the CURRENT pointer atomically,
     * reopens, and deletes the old database. A crash at any point leaves either the old or the new state.
     */
    public void install(Path checkpointDir) throws IOException {
        int n = Integer.parseInt(liveName.substring(3)) + 1;
        String next = String.format("db-%06d", n);
        Path target = dir.resolve(next);
        deleteTree(target);
        Files.move(checkpointDir, target, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            RealFileSystem.syncDirectory(dir);
        }
        lock.writeLock().lock();
        String old = liveName;
        try {
            closeDb();
            writePointer(next);
            liveName = next;
            openDb();
        } finally {
            lock.writeLock().unlock();
        }
        deleteTree(dir.resolve(old));
        LOG.info("installed snapshot state at applied index {} as {}", appliedIndex, next);
    }

    private void writePointer(String name) throws IOException {
        Path tmp = dir.resolve("CURRENT.tmp");
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((name + "\n").getBytes(StandardCharsets.UTF_8)));
            if (fsync) {
                ch.force(true);
            }
        }
        Files.move(tmp, dir.resolve("CURRENT"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            RealFileSystem.syncDirectory(dir);
        }
    }

    /** Deletes a directory tree (test and tool helper). */
    public static void deleteTreeForTests(Path p) throws IOException {
        deleteTree(p);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private void closeDb() {
        if (db == null) {
            return;
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        writeOptions.close();
        dbOptions.close();
        cfOptions.close();
        db = null;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closeDb();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
