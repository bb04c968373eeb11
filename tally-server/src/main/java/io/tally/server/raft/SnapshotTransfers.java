package io.tally.server.raft;

import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.RaftMessage;
import io.tally.storage.state.SnapshotArchive;
import io.tally.storage.state.SnapshotReceiver;
import io.tally.storage.state.StateStore;
import io.tally.storage.wal.WalCorruptionException;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Envelope;
import io.tally.wire.raft.SnapshotTransferCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams snapshot archives between nodes, in both roles, so that no node holds a snapshot in heap and no peer frame
 * carries more than one chunk.
 *
 * <p><b>Receiving.</b> The Raft core's {@code InstallSnapshot} carries only a {@link SnapshotRef}. {@link #admit}
 * (node loop) holds such a message back until the archive it names is staged and verified: it starts (or nudges) a
 * fetch that pulls the archive from the message's sender in chunks of {@code chunkBytes}, at most
 * {@code windowChunks} requests in flight, into {@link SnapshotReceiver}'s staging file (fsynced chunk by chunk, so a
 * transfer resumes where it stopped, also after a restart). A chunk with a bad CRC32C is asked for again; a request
 * unanswered for {@link #STALL_MS} (lost chunk, dropped connection) is sent again from the first missing byte; a
 * complete archive whose SHA-256 does not match is discarded and fetched again from 0; a sender that no longer holds
 * the snapshot ends the fetch (the leader's core then offers a newer one). Once verified, the held message is put back
 * on the node queue and {@link #admit} lets it through: the core installs the snapshot and {@code ApplyWorker}
 * installs the staged archive into RocksDB. One fetch at a time: a newer snapshot replaces an older fetch.
 *
 * <p><b>Sending.</b> A {@code SnapshotChunkRequest} is answered from the checkpoint directory of that snapshot
 * ({@link SnapshotCheckpoints}, streamed by offset through {@link SnapshotArchive.Source}, one chunk buffer at a time),
 * or with UNAVAILABLE when this node does not hold it.
 *
 * <p>Threads: {@link #admit} on the node loop; {@link #onRequest}/{@link #onChunk} on transport threads; all work
 * runs on one thread ({@code raft-snapshot-<id>}), which also checks for stalls every {@link #TICK_MS} ms. Tests pass
 * no executor: every call then runs at once on the caller's thread and {@link #tick} is called by hand.
 */
public final class SnapshotTransfers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTransfers.class);
    /** Default chunk size: 1 MiB, or less when the peer frame limit is smaller (system property tally.snapshot.chunkBytes). */
    static final int CHUNK_BYTES_DEFAULT = Math.min(Integer.getInteger("tally.snapshot.chunkBytes", 1 << 20),
            WireProtocol.FRAME_BYTES_MAX_DEFAULT - (64 << 10));
    /** Chunk requests in flight per fetch. */
    static final int WINDOW_CHUNKS_DEFAULT = 4;
    /** A fetch without progress for this long asks again from the first missing byte. */
    static final long STALL_MS = 2_000;
    /** Period of the stall check. */
    static final long TICK_MS = 200;
    /** Prepared archives (file list and digest) cached for sending. */
    private static final int SOURCES_CACHED = 2;

    /** Sends an envelope to a peer from any thread; false when not sent. */
    public interface Sender {
        boolean send(String nodeId, Envelope envelope);
    }

    private final String selfId;
    private final StateStore state;
    private final SnapshotCheckpoints checkpoints;
    private final boolean fsync;
    private final int chunkBytes;
    private final int windowChunks;
    private final Predicate<RaftEvent> enqueue;
    private final LongSupplier nowMs;
    private final ScheduledExecutorService exec;
    private volatile Sender sender = (id, e) -> false;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    // Confined to the snapshot thread.
    private Fetch fetch;
    private final LinkedHashMap<String, SnapshotArchive.Source> sources = new LinkedHashMap<>();

    final AtomicLong chunksSent = new AtomicLong();
    final AtomicLong chunksAccepted = new AtomicLong();
    final AtomicLong chunksRejected = new AtomicLong();
    final AtomicLong restarts = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();
    final AtomicLong fetchesDone = new AtomicLong();

    /** One archive being pulled. */
    private static final class Fetch {
        final long index;
        final long term;
        final SnapshotReceiver receiver;
        final long startedMs;
        InstallSnapshot held;
        long totalBytes = -1;
        long requestedEnd;
        long lastProgressMs;

        Fetch(InstallSnapshot held, SnapshotReceiver receiver, long nowMs) {
            this.index = held.metadata().index();
            this.term = held.metadata().term();
            this.held = held;
            this.receiver = receiver;
            this.startedMs = nowMs;
            this.lastProgressMs = nowMs;
        }
    }

    /**
     * @param enqueue puts an event on the node queue (any thread); false when refused
     * @param threaded true: own thread and stall timer; false (tests): run on the caller's thread, {@link #tick} by hand
     */
    SnapshotTransfers(String selfId, StateStore state, SnapshotCheckpoints checkpoints, boolean fsync, int chunkBytes,
                      int windowChunks, Predicate<RaftEvent> enqueue, LongSupplier nowMs, boolean threaded) {
        if (chunkBytes < 1 || chunkBytes > SnapshotTransferCodec.CHUNK_BYTES_MAX || windowChunks < 1) {
            throw new IllegalArgumentException("expected chunkBytes in 1.." + SnapshotTransferCodec.CHUNK_BYTES_MAX
                    + " and windowChunks >= 1, got " + chunkBytes + ", " + windowChunks);
        }
        this.selfId = selfId;
        this.state = state;
        this.checkpoints = checkpoints;
        this.fsync = fsync;
        this.chunkBytes = chunkBytes;
        this.windowChunks = windowChunks;
        this.enqueue = enqueue;
        this.nowMs = nowMs;
        if (threaded) {
            this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "raft-snapshot-" + selfId);
                t.setDaemon(true);
                return t;
            });
            exec.scheduleWithFixedDelay(() -> run(this::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } else {
            this.exec = null;
        }
    }

    /** The peer transport, once it runs (any thread). */
    public void attachSender(Sender s) {
        this.sender = s;
    }

    /**
     * Node loop: true if {@code m} may be stepped into the core now. False for an {@code InstallSnapshot} naming a
     * streamed snapshot beyond {@code commitIndex} whose archive is not staged yet: the fetch starts or goes on, and
     * the message comes back through the node queue once the archive is verified.
     */
    public boolean admit(RaftMessage m, long commitIndex) {
        if (!(m instanceof InstallSnapshot is) || !SnapshotRef.is(is.chunk())) {
            return true;
        }
        long index = is.metadata().index();
        long term = is.metadata().term();
        if (index <= commitIndex || verified.contains(SnapshotCheckpoints.name(index, term))) {
            return true;
        }
        run(() -> want(is));
        return false;
    }

    /** Transport thread: a peer asks for archive bytes. */
    public void onRequest(String from, SnapshotTransferCodec.Request r) {
        run(() -> serve(from, r));
    }

    /** Transport thread: archive bytes (or UNAVAILABLE) for the fetch in progress. */
    public void onChunk(String from, SnapshotTransferCodec.Chunk c) {
        run(() -> received(from, c));
    }

    /** Storage thread: the snapshot (index, term) is installed; staged archives of it and older ones go. */
    void installed(long index, long term) {
        run(() -> {
            for (Iterator<String> it = verified.iterator(); it.hasNext(); ) {
                String k = it.next();
                String[] p = k.split("-");
                long i = Long.parseLong(p[0]);
                if (i <= index) {
                    it.remove();
                    if (i != index || Long.parseLong(p[1]) != term) {
                        deleteStaging(i, Long.parseLong(p[1]));
                    }
                }
            }
        });
    }

    /** Snapshot thread (or tests): asks again for what a stalled fetch is missing. */
    void tick() {
        Fetch f = fetch;
        if (f != null && nowMs.getAsLong() - f.lastProgressMs >= STALL_MS) {
            stalls.incrementAndGet();
            LOG.debug("snapshot {}/{} from {}: no progress for {} ms at byte {}; asking again", f.index, f.term,
                    f.held.from(), STALL_MS, f.receiver.resumeOffset());
            f.lastProgressMs = nowMs.getAsLong();
            f.requestedEnd = f.receiver.resumeOffset();
            requestMore(f);
        }
    }

    /** Bytes staged so far by the fetch in progress (-1 when none); tests. */
    long fetchingOffset() {
        Fetch f = fetch;
        return f == null ? -1 : f.receiver.resumeOffset();
    }

    boolean isVerified(long index, long term) {
        return verified.contains(SnapshotCheckpoints.name(index, term));
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
            try {
                exec.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ receiving (snapshot thread)

    private void want(InstallSnapshot is) {
        long index = is.metadata().index();
        long term = is.metadata().term();
        if (verified.contains(SnapshotCheckpoints.name(index, term))) {
            enqueue.test(new RaftEvent.Message(is));
            return;
        }
        Fetch f = fetch;
        if (f != null && f.index == index && f.term == term) {
            f.held = is; // the newest copy (term, sender) goes to the core
            return;
        }
        if (f != null && f.index > index) {
            return; // already fetching a newer snapshot
        }
        if (f != null) {
            LOG.info("abandoning the transfer of snapshot {}/{} at byte {} for the newer snapshot {}/{}", f.index, f.term,
                    f.receiver.resumeOffset(), index, term);
            deleteStaging(f.index, f.term);
        }
        try {
            SnapshotReceiver receiver = new SnapshotReceiver(state, index, term, fsync);
            f = new Fetch(is, receiver, nowMs.getAsLong());
            fetch = f;
            LOG.info("fetching snapshot {}/{} from {} (resuming at byte {})", index, term, is.from(), receiver.resumeOffset());
            if (receiver.complete()) {
                finish(f);
            } else {
                requestMore(f);
            }
        } catch (IOException e) {
            LOG.warn("cannot stage snapshot {}/{}: {}", index, term, e.toString());
            fetch = null;
        }
    }

    private void received(String from, SnapshotTransferCodec.Chunk c) {
        Fetch f = fetch;
        if (f == null || c.index() != f.index || c.term() != f.term) {
            return; // an answer to a fetch that is over
        }
        if (!c.available()) {
            LOG.info("{} no longer holds snapshot {}/{} ({}); waiting for a newer one", from, f.index, f.term, c.message());
            deleteStaging(f.index, f.term);
            fetch = null;
            return;
        }
        if (f.totalBytes >= 0 && c.totalBytes() != f.totalBytes) {
            LOG.warn("snapshot {}/{} from {} changed size ({} then {} bytes); starting again", f.index, f.term, from, f.totalBytes, c.totalBytes());
            restart(f);
            return;
        }
        f.totalBytes = c.totalBytes();
        try {
            if (c.offset() != f.receiver.resumeOffset()) {
                return; // a duplicate, or beyond a lost chunk: the stall check asks again
            }
            f.receiver.accept(new SnapshotReceiver.Chunk(c.offset(), c.data(), c.crc32c(), c.last()));
            chunksAccepted.incrementAndGet();
            f.lastProgressMs = nowMs.getAsLong();
            if (f.receiver.complete()) {
                finish(f);
            } else {
                requestMore(f);
            }
        } catch (WalCorruptionException e) {
            chunksRejected.incrementAndGet();
            LOG.warn("snapshot {}/{}: chunk at byte {} from {} fails its CRC32C; asking again", f.index, f.term, c.offset(), from);
            f.requestedEnd = f.receiver.resumeOffset();
            requestMore(f);
        } catch (IOException e) {
            LOG.warn("snapshot {}/{}: cannot write the chunk at byte {}: {}; asking again later", f.index, f.term, c.offset(), e.toString());
            f.requestedEnd = f.receiver.resumeOffset();
        }
    }

    private void finish(Fetch f) {
        try {
            f.receiver.verify();
        } catch (WalCorruptionException e) {
            LOG.warn("snapshot {}/{}: the received archive does not verify ({}); fetching it again from byte 0", f.index, f.term, e.getMessage());
            restarts.incrementAndGet();
            f.totalBytes = -1;
            f.requestedEnd = 0;
            requestMore(f);
            return;
        } catch (IOException e) {
            LOG.warn("snapshot {}/{}: cannot read the staged archive: {}; starting again", f.index, f.term, e.toString());
            restart(f);
            return;
        }
        verified.add(SnapshotCheckpoints.name(f.index, f.term));
        fetch = null;
        fetchesDone.incrementAndGet();
        LOG.info("snapshot {}/{} staged and verified: {} bytes in {} ms", f.index, f.term, f.receiver.receivedBytes(),
                nowMs.getAsLong() - f.startedMs);
        enqueue.test(new RaftEvent.Message(f.held)); // if refused, the leader's next InstallSnapshot is let through
    }

    private void restart(Fetch f) {
        restarts.incrementAndGet();
        try {
            f.receiver.discard();
        } catch (IOException e) {
            LOG.warn("snapshot {}/{}: cannot discard the staged bytes: {}", f.index, f.term, e.toString());
        }
        f.totalBytes = -1;
        f.requestedEnd = 0;
        requestMore(f);
    }

    /** Keeps up to windowChunks requests in flight; only one until the archive's size is known. */
    private void requestMore(Fetch f) {
        long resume = f.receiver.resumeOffset();
        if (f.requestedEnd < resume) {
            f.requestedEnd = resume;
        }
        long end = f.totalBytes < 0 ? resume + 1 : f.totalBytes;
        long windowBytes = (long) windowChunks * chunkBytes;
        while (f.requestedEnd < end && f.requestedEnd - resume < windowBytes) {
            if (!sender.send(f.held.from(), SnapshotTransferCodec.envelope(
                    new SnapshotTransferCodec.Request(f.index, f.term, f.requestedEnd, chunkBytes)))) {
                return; // not connected or backed up: the stall check asks again
            }
            f.requestedEnd += chunkBytes;
        }
    }

    private void deleteStaging(long index, long term) {
        try {
            new SnapshotReceiver(state, index, term, fsync).delete();
        } catch (IOException e) {
            LOG.warn("cannot delete the staged snapshot {}/{}: {}", index, term, e.toString());
        }
    }

    // ------------------------------------------------------------------ sending (snapshot thread)

    private void serve(String to, SnapshotTransferCodec.Request r) {
        SnapshotTransferCodec.Chunk answer;
        try {
            Optional<SnapshotArchive.Source> src = source(r.index(), r.term());
            if (src.isEmpty()) {
                answer = SnapshotTransferCodec.Chunk.unavailable(r.index(), r.term(), r.offset(), "node " + selfId
                        + " holds no checkpoint of snapshot " + r.index() + "/" + r.term());
            } else if (r.offset() > src.get().totalBytes()) {
                answer = SnapshotTransferCodec.Chunk.unavailable(r.index(), r.term(), r.offset(), "offset " + r.offset()
                        + " is beyond the archive's " + src.get().totalBytes() + " bytes");
            } else {
                SnapshotArchive.Source s = src.get();
                int n = (int) Math.min(Math.min(r.bytesMax(), chunkBytes), s.totalBytes() - r.offset());
                byte[] data = new byte[n];
                s.read(r.offset(), data, 0, n);
                CRC32C crc = new CRC32C();
                crc.update(data);
                answer = new SnapshotTransferCodec.Chunk(r.index(), r.term(), r.offset(), data, (int) crc.getValue(),
                        r.offset() + n == s.totalBytes(), s.totalBytes(), true, "");
            }
        } catch (IOException e) {
            sources.remove(SnapshotCheckpoints.name(r.index(), r.term()));
            answer = SnapshotTransferCodec.Chunk.unavailable(r.index(), r.term(), r.offset(), "node " + selfId
                    + " cannot read snapshot " + r.index() + "/" + r.term() + ": " + e.getMessage());
        }
        if (sender.send(to, SnapshotTransferCodec.envelope(answer)) && answer.available()) {
            chunksSent.incrementAndGet();
        }
    }

    private Optional<SnapshotArchive.Source> source(long index, long term) throws IOException {
        String key = SnapshotCheckpoints.name(index, term);
        Optional<Path> dir = checkpoints.lease(index, term);
        if (dir.isEmpty()) {
            sources.remove(key);
            return Optional.empty();
        }
        SnapshotArchive.Source s = sources.get(key);
        if (s == null) {
            s = SnapshotArchive.prepare(dir.get(), index, term, new byte[0]);
            sources.put(key, s);
            while (sources.size() > SOURCES_CACHED) {
                Iterator<Map.Entry<String, SnapshotArchive.Source>> it = sources.entrySet().iterator();
                it.next();
                it.remove();
            }
            LOG.info("sending snapshot {}/{}: archive of {} bytes", index, term, s.totalBytes());
        }
        return Optional.of(s);
    }

    private void run(Runnable r) {
        if (exec == null) {
            r.run();
            return;
        }
        try {
            exec.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("snapshot transfer task failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }
}
