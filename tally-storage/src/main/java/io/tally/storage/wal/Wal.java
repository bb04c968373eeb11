package io.tally.storage.wal;

import io.tally.storage.fs.FileHandle;
import io.tally.storage.fs.FileSystem;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The synchronous, thread-free write-ahead log core: a Raft log (entries after a compaction point), the
 * hard state, and their segment files under one directory of a {@link FileSystem}.
 *
 * <p>Mutations ({@link #append}, {@link #truncateFrom}, {@link #setHardState}, {@link #compact}) write
 * records to the active segment at once but are durable only after {@link #sync()} returns; a caller
 * acknowledges nothing before that. Segments roll at {@code segmentBytesMax}: the full segment is synced
 * before the next one is created, so only the last segment can ever hold a torn tail. Each segment begins
 * with a header giving the log's shape (compaction point, last index) and the current hard state, so
 * segments whose entries are all dead (compacted or truncated) are deleted after the sync that made the
 * killing record durable.
 *
 * <p>Recovery ({@link #open}) replays every segment in order, truncates a torn tail of the last segment,
 * and refuses (with {@link WalCorruptionException#refuseToStart}) any other damage: a bad record before the
 * tail, a missing segment, a header that does not continue the log, entries that do not follow.
 *
 * <p>Not thread-safe: one thread (the simulator's, or {@link GroupCommitWal}'s storage thread) owns it;
 * reads from other threads must synchronize on the instance.
 */
public final class Wal implements Closeable {

    /**
     * @param segmentBytesMax size at which the active segment rolls
     * @param entryBytesMax   largest entry data accepted
     */
    public record Options(long segmentBytesMax, int entryBytesMax) {
        public Options {
            if (segmentBytesMax < 1024) {
                throw new IllegalArgumentException("segmentBytesMax must be >= 1024, got " + segmentBytesMax);
            }
            if (entryBytesMax < 0 || entryBytesMax > WalRecordCodec.BODY_BYTES_LIMIT - 16) {
                throw new IllegalArgumentException("entryBytesMax must be in 0.." + (WalRecordCodec.BODY_BYTES_LIMIT - 16) + ", got " + entryBytesMax);
            }
        }

        public static Options defaults() {
            return new Options(64L << 20, 16 << 20);
        }

        int bodyBytesMax() {
            return entryBytesMax + 16;
        }
    }

    /** What recovery found: segments replayed, entries live, and the torn tail it cut (if any). */
    public record Recovery(int segments, long liveEntries, String tornFile, long tornOffset, long truncatedBytes) {
    }

    static final String SUFFIX = ".wal";

    private static final class Segment {
        final long seq;
        final String path;
        final FileHandle handle;
        long sizeBytes;
        long liveEntries;

        Segment(long seq, String path, FileHandle handle, long sizeBytes) {
            this.seq = seq;
            this.path = path;
            this.handle = handle;
            this.sizeBytes = sizeBytes;
        }
    }

    /** Where an entry's frame is; segment null while replay has not yet seen the segment holding it. */
    private record Loc(Segment segment, long offset, int frameBytes, long term) {
    }

    private final FileSystem fs;
    private final String dir;
    private final Options options;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private final LinkedHashSet<Segment> dirty = new LinkedHashSet<>();
    private boolean dirDirty;
    private Segment active;
    private long compactIndex;
    private long compactTerm;
    private ArrayList<Loc> locs = new ArrayList<>();
    private byte[] hardState;
    private Recovery recovery;
    private long syncCount;
    private volatile IOException failure;

    private Wal(FileSystem fs, String dir, Options options) {
        this.fs = fs;
        this.dir = dir;
        this.options = options;
    }

    /** Opens (recovering) or creates the log in {@code dir}. */
    public static Wal open(FileSystem fs, String dir, Options options) throws IOException {
        Wal wal = new Wal(fs, dir, options);
        wal.recover();
        return wal;
    }

    static String segmentName(long seq) {
        return String.format("%020d%s", seq, SUFFIX);
    }

    // ---------------------------------------------------------------- reads

    public long firstIndex() {
        return compactIndex + 1;
    }

    public long lastIndex() {
        return compactIndex + locs.size();
    }

    /** Largest entry data accepted. */
    public int entryBytesMax() {
        return options.entryBytesMax();
    }

    public long compactIndex() {
        return compactIndex;
    }

    public long compactTerm() {
        return compactTerm;
    }

    /** Term of entry {@code index}, which must be in [compactIndex, lastIndex]. */
    public long term(long index) {
        if (index == compactIndex) {
            return compactTerm;
        }
        return loc(index).term();
    }

    public long lastTerm() {
        return term(lastIndex());
    }

    public Optional<byte[]> hardState() {
        return Optional.ofNullable(hardState == null ? null : hardState.clone());
    }

    public Recovery recovery() {
        return recovery;
    }

    /** Number of syncs (each one fsync per dirty file) done by this instance. */
    public long syncCount() {
        return syncCount;
    }

    private Loc loc(long index) {
        if (index <= compactIndex || index > lastIndex()) {
            throw new IllegalArgumentException("index " + index + " outside the log (" + firstIndex() + ".." + lastIndex() + ")");
        }
        return locs.get((int) (index - compactIndex - 1));
    }

    /**
     * Entries in [lo, hi), stopping early once {@code bytesMax} of data is reached (at least one entry is
     * returned when lo &lt; hi).
     */
    public List<WalRecord.Entry> entries(long lo, long hi, long bytesMax) throws IOException {
        if (lo < firstIndex() || hi > lastIndex() + 1 || lo > hi) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + ") outside the log (" + firstIndex() + ".." + lastIndex() + ")");
        }
        List<WalRecord.Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = lo; i < hi; i++) {
            Loc l = loc(i);
            byte[] frame = l.segment().handle.readFully(l.offset(), l.frameBytes());
            WalRecordCodec.Decoded d = WalRecordCodec.decode(ByteBuffer.wrap(frame), options.bodyBytesMax(), l.segment().path, l.offset());
            if (d == null || !(d.record() instanceof WalRecord.Entry e) || e.index() != i) {
                throw new WalCorruptionException(l.segment().path, l.offset(), "expected entry " + i + " here, found " + (d == null ? "a short frame" : d.record()));
            }
            out.add(e);
            bytes += e.data().length;
            if (bytes >= bytesMax) {
                break;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- writes (durable after sync)

    /** Appends entries; the first must be lastIndex()+1 and indexes contiguous. */
    public void append(List<WalRecord.Entry> entries) throws IOException {
        long expect = lastIndex() + 1;
        for (WalRecord.Entry e : entries) {
            if (e.index() != expect) {
                throw new IllegalArgumentException("entry index " + e.index() + " does not follow " + (expect - 1)
                        + "; truncate a conflicting suffix first");
            }
            if (e.data().length > options.entryBytesMax()) {
                throw new IllegalArgumentException("entry " + e.index() + " has " + e.data().length + " bytes, max " + options.entryBytesMax());
            }
            expect++;
        }
        List<WalRecord> records = new ArrayList<>(entries);
        write(records);
    }

    /** Removes entries with index &gt;= fromIndex; fromIndex must be in (compactIndex, lastIndex+1]. */
    public void truncateFrom(long fromIndex) throws IOException {
        if (fromIndex <= compactIndex || fromIndex > lastIndex() + 1) {
            throw new IllegalArgumentException("cannot truncate from " + fromIndex + ": log is " + firstIndex() + ".." + lastIndex());
        }
        if (fromIndex == lastIndex() + 1) {
            return;
        }
        write(List.of(new WalRecord.Truncate(fromIndex)));
    }

    public void setHardState(byte[] state) throws IOException {
        if (state.length > options.bodyBytesMax()) {
            throw new IllegalArgumentException("hard state of " + state.length + " bytes exceeds " + options.bodyBytesMax());
        }
        write(List.of(new WalRecord.HardState(state.clone())));
    }

    /**
     * The log now starts after {@code index} (the last entry a snapshot covers, of {@code term}). Entries
     * after it are kept when the log holds {@code index} with that term; otherwise the whole log is
     * discarded (Raft's rule for installing a snapshot). Segments left without live entries are deleted
     * after the next sync.
     */
    public void compact(long index, long term) throws IOException {
        if (index < compactIndex) {
            throw new IllegalArgumentException("cannot compact to " + index + ": already compacted to " + compactIndex);
        }
        if (index == compactIndex && term == compactTerm) {
            return;
        }
        boolean keep = index <= lastIndex() && index > compactIndex && term(index) == term;
        write(List.of(new WalRecord.Compact(index, term, keep)));
    }

    /** Makes every write so far durable: fsync of each written segment, then of the directory if names changed. */
    public void sync() throws IOException {
        SyncPlan plan = beginSync();
        plan.run();
        finishSync(plan);
    }

    /**
     * The fsyncs that make every write so far durable, split out so that a caller holding a lock around
     * the WAL (as {@link GroupCommitWal} does) can run them without it. Only the thread that writes may
     * run a plan; no write may happen between {@link #beginSync()} and {@link #finishSync}.
     */
    public final class SyncPlan {
        private final List<Segment> files;
        private final boolean directory;
        private final long lastIndex;
        private boolean done;

        private SyncPlan(List<Segment> files, boolean directory, long lastIndex) {
            this.files = files;
            this.directory = directory;
            this.lastIndex = lastIndex;
        }

        /** Last index this plan makes durable. */
        public long lastIndex() {
            return lastIndex;
        }

        /** Runs the fsyncs; a failure here makes the WAL refuse every later write. */
        public void run() throws IOException {
            try {
                for (Segment s : files) {
                    s.handle.sync();
                }
                if (directory) {
                    fs.syncDir(dir);
                }
                done = true;
            } catch (IOException | RuntimeException e) {
                // After a failed fsync the page cache state is unknown (fsyncgate): never retry, fail for good.
                fail(e);
                throw e;
            }
        }
    }

    private synchronized void fail(Exception e) {
        failure = e instanceof IOException io ? io : new IOException(e);
    }

    /** Collects what the next sync must flush. */
    public SyncPlan beginSync() {
        checkHealthy();
        SyncPlan plan = new SyncPlan(new ArrayList<>(dirty), dirDirty, lastIndex());
        dirty.clear();
        dirDirty = false;
        return plan;
    }

    /** Completes a sync whose plan ran: counts it and deletes segments left without live entries. */
    public void finishSync(SyncPlan plan) throws IOException {
        if (!plan.done) {
            throw new IllegalStateException("finishSync before the sync plan ran");
        }
        checkHealthy();
        syncCount++;
        try {
            deleteDeadSegments();
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    private void deleteDeadSegments() throws IOException {
        boolean deleted = false;
        Iterator<Map.Entry<Long, Segment>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Segment s = it.next().getValue();
            if (s == active || s.liveEntries > 0) {
                break;
            }
            s.handle.close();
            fs.delete(s.path);
            it.remove();
            deleted = true;
        }
        if (deleted) {
            fs.syncDir(dir);
        }
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the WAL failed earlier and accepts no more writes (restart to recover): " + failure, failure);
        }
    }

    private void write(List<WalRecord> records) throws IOException {
        checkHealthy();
        try {
            writeRecords(records);
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e);
            throw e;
        }
    }

    private void writeRecords(List<WalRecord> records) throws IOException {
        ByteBuffer buf = null;
        long bufStart = 0;
        for (WalRecord r : records) {
            int frame = WalRecordCodec.frameBytes(r);
            if (active.sizeBytes >= options.segmentBytesMax()) {
                if (buf != null) {
                    flush(buf);
                    buf = null;
                }
                roll();
            }
            if (buf == null) {
                buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L, totalBytes(records)));
                bufStart = active.sizeBytes;
            }
            if (buf.remaining() < frame) {
                flush(buf);
                buf = ByteBuffer.allocate(Math.max(4096, frame));
                bufStart = active.sizeBytes;
            }
            long offset = bufStart + buf.position();
            WalRecordCodec.encodeTo(r, buf);
            apply(r, active, offset, frame);
            active.sizeBytes = offset + frame;
            // keep sizeBytes in step for the roll check; the bytes reach the file in flush()
        }
        if (buf != null) {
            flush(buf);
        }
    }

    private static long totalBytes(List<WalRecord> records) {
        long n = 0;
        for (WalRecord r : records) {
            n += WalRecordCodec.frameBytes(r);
        }
        return n;
    }

    private void flush(ByteBuffer buf) throws IOException {
        buf.flip();
        active.handle.append(buf);
        dirty.add(active);
        if (active.handle.size() != active.sizeBytes) {
            throw new IllegalStateException("segment " + active.path + " is " + active.handle.size() + " bytes after a write, expected " + active.sizeBytes);
        }
    }

    /** Syncs the full segment, then starts the next one with a header and the hard state. */
    private void roll() throws IOException {
        if (active != null) {
            active.handle.sync();
            dirty.remove(active);
        }
        long seq = active == null ? 1 : active.seq + 1;
        String path = FileSystem.join(dir, segmentName(seq));
        Segment s = new Segment(seq, path, fs.open(path, true), 0);
        if (s.handle.size() != 0) {
            s.handle.truncate(0);
        }
        segments.put(seq, s);
        active = s;
        dirDirty = true;
        writeHeader();
    }

    private void writeHeader() throws IOException {
        List<WalRecord> head = new ArrayList<>();
        head.add(new WalRecord.SegmentHeader(active.seq, compactIndex, compactTerm, lastIndex()));
        if (hardState != null) {
            head.add(new WalRecord.HardState(hardState));
        }
        ByteBuffer buf = ByteBuffer.allocate((int) totalBytes(head));
        for (WalRecord r : head) {
            int frame = WalRecordCodec.frameBytes(r);
            WalRecordCodec.encodeTo(r, buf);
            active.sizeBytes += frame;
        }
        flush(buf);
    }

    // ---------------------------------------------------------------- the one transition function

    /**
     * Applies a record to the in-memory log. Used by writes (arguments already validated) and by replay;
     * throws {@link ReplayException} when a replayed record does not fit.
     */
    private void apply(WalRecord r, Segment seg, long offset, int frameBytes) throws ReplayException {
        switch (r) {
            case WalRecord.SegmentHeader h -> {
                if (h.segmentSeq() != seg.seq) {
                    throw new ReplayException("segment header says sequence " + h.segmentSeq() + " but the file name says " + seg.seq);
                }
                if (segments.firstKey() == seg.seq) {
                    compactIndex = h.compactIndex();
                    compactTerm = h.compactTerm();
                    locs = new ArrayList<>();
                    for (long i = h.compactIndex() + 1; i <= h.lastIndex(); i++) {
                        locs.add(new Loc(null, -1, 0, -1)); // held by deleted segments; must die before replay ends
                    }
                } else if (h.compactIndex() != compactIndex || h.compactTerm() != compactTerm || h.lastIndex() != lastIndex()) {
                    throw new ReplayException("segment header " + h + " does not continue the log (compacted to " + compactIndex
                            + " term " + compactTerm + ", last index " + lastIndex() + "): a segment is missing or damaged");
                }
            }
            case WalRecord.Entry e -> {
                if (e.index() != lastIndex() + 1) {
                    throw new ReplayException("entry " + e.index() + " does not follow the last index " + lastIndex());
                }
                locs.add(new Loc(seg, offset, frameBytes, e.term()));
                seg.liveEntries++;
            }
            case WalRecord.HardState h -> hardState = h.bytes();
            case WalRecord.Truncate t -> {
                if (t.fromIndex() <= compactIndex || t.fromIndex() > lastIndex() + 1) {
                    throw new ReplayException("truncation from " + t.fromIndex() + " outside the log " + firstIndex() + ".." + lastIndex());
                }
                dropRange((int) (t.fromIndex() - compactIndex - 1), locs.size());
                locs.subList((int) (t.fromIndex() - compactIndex - 1), locs.size()).clear();
            }
            case WalRecord.Compact c -> {
                if (c.index() < compactIndex) {
                    throw new ReplayException("compaction to " + c.index() + " goes back from " + compactIndex);
                }
                if (c.keepSuffix()) {
                    if (c.index() > lastIndex()) {
                        throw new ReplayException("compaction to " + c.index() + " keeping the suffix, but the log ends at " + lastIndex());
                    }
                    int n = (int) (c.index() - compactIndex);
                    dropRange(0, n);
                    locs = new ArrayList<>(locs.subList(n, locs.size()));
                } else {
                    dropRange(0, locs.size());
                    locs = new ArrayList<>();
                }
                compactIndex = c.index();
                compactTerm = c.term();
            }
        }
    }

    private void dropRange(int from, int to) {
        for (int i = from; i < to; i++) {
            Segment s = locs.get(i).segment();
            if (s != null) {
                s.liveEntries--;
            }
        }
    }

    private static final class ReplayException extends IOException {
        ReplayException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        fs.mkdirs(dir);
        fs.syncDir(FileSystem.parent(dir));
        List<Long> seqs = new ArrayList<>();
        for (String name : fs.list(dir)) {
            if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()) {
                try {
                    seqs.add(Long.parseLong(name.substring(0, 20)));
                } catch (NumberFormatException e) {
                    throw WalCorruptionException.refuseToStart(FileSystem.join(dir, name), 0, "segment file name is not a sequence number", fs.describe(""));
                }
            }
        }
        String tornFile = null;
        long tornOffset = -1;
        long truncated = 0;
        for (int i = 0; i < seqs.size(); i++) {
            long seq = seqs.get(i);
            String path = FileSystem.join(dir, segmentName(seq));
            if (i > 0 && seq != seqs.get(i - 1) + 1) {
                throw refuse(path, 0, "segment " + (seqs.get(i - 1) + 1) + " is missing", dir);
            }
            boolean last = i == seqs.size() - 1;
            Segment seg = new Segment(seq, path, fs.open(path, false), 0);
            segments.put(seq, seg);
            active = seg;
            SegmentReader reader = new SegmentReader(seg.handle, path, options.bodyBytesMax());
            boolean first = true;
            while (true) {
                SegmentReader.Step step = reader.next();
                if (step instanceof SegmentReader.Step.End) {
                    break;
                }
                if (step instanceof SegmentReader.Step.Bad bad) {
                    if (!last) {
                        throw refuse(path, bad.offset(), bad.reason() + " (in a sealed segment, not the tail)", dir);
                    }
                    if (reader.validFrameAfter(bad.offset())) {
                        throw refuse(path, bad.offset(), bad.reason() + " (valid records follow it, so this is not a torn tail)", dir);
                    }
                    tornFile = path;
                    tornOffset = bad.offset();
                    truncated = reader.size() - bad.offset();
                    seg.handle.truncate(bad.offset());
                    seg.handle.sync();
                    break;
                }
                SegmentReader.Step.Record rec = (SegmentReader.Step.Record) step;
                if (first && !(rec.record() instanceof WalRecord.SegmentHeader)) {
                    throw refuse(path, rec.offset(), "segment does not start with a header", dir);
                }
                if (!first && rec.record() instanceof WalRecord.SegmentHeader) {
                    throw refuse(path, rec.offset(), "second segment header inside a segment", dir);
                }
                first = false;
                try {
                    apply(rec.record(), seg, rec.offset(), rec.frameBytes());
                } catch (ReplayException e) {
                    throw refuse(path, rec.offset(), e.getMessage(), dir);
                }
                seg.sizeBytes = rec.offset() + rec.frameBytes();
            }
            if (first) {
                // the whole (last) segment was torn before its header was complete: start it again
                if (!last) {
                    throw refuse(path, 0, "empty sealed segment", dir);
                }
                if (segments.size() == 1 && seq != 1) {
                    // earlier segments are deleted only after this header was synced: it cannot be torn
                    throw refuse(path, 0, "the only segment has lost its header, so the log's start is unknown", dir);
                }
                seg.handle.truncate(0);
                seg.sizeBytes = 0;
                if (segments.size() == 1) {
                    compactIndex = 0;
                    compactTerm = 0;
                    locs = new ArrayList<>();
                }
                writeHeader();
                sync();
            }
        }
        for (int i = 0; i < locs.size(); i++) {
            if (locs.get(i).segment() == null) {
                String first = segments.isEmpty() ? dir : segments.firstEntry().getValue().path;
                throw refuse(first, 0, "entry " + (compactIndex + 1 + i)
                        + " is live but its segment (before this one) is gone", dir);
            }
        }
        if (segments.isEmpty()) {
            roll();
            sync();
        }
        recovery = new Recovery(segments.size(), locs.size(), tornFile, tornOffset, truncated);
    }

    private WalCorruptionException refuse(String path, long offset, String reason, String ignored) {
        return WalCorruptionException.refuseToStart(fs.describe(path), offset, reason, fs.describe(""));
    }

    @Override
    public void close() throws IOException {
        for (Segment s : segments.values()) {
            s.handle.close();
        }
        segments.clear();
    }
}
