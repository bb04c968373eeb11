package io.tally.server.files;

import io.tally.server.core.ApiReply;
import io.tally.server.data.DataReplies;
import io.tally.server.http.ApiDispatcher;
import io.tally.server.raft.ClientRequest;
import io.tally.storage.chunk.ChunkStore;
import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Result;
import io.tally.store.command.Validation;
import io.tally.store.state.Queries;
import io.tally.store.state.StateReader;
import io.tally.wire.files.ChunkMessage;
import io.tally.wire.files.FilesCodec;
import io.tally.wire.gossip.Decoded;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.FilesMsg;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files side of a node (docs/files.md). It owns:
 * <ul>
 *   <li>the file worker threads ({@code files-io-*}, {@value #IO_THREADS} threads, queue of {@value #IO_QUEUE_MAX}
 *       tasks): every chunk-store read and write (hashing, fsync) runs there, never on a Netty or node-loop thread;</li>
 *   <li>chunk replication: a chunk stored here is pushed to every other voter; {@link #storeChunk} completes once a
 *       majority of voters (this node counted) acknowledged it durable;</li>
 *   <li>fetching: a chunk this node lacks is asked from the voters in turn, verified against its SHA-256 and stored;</li>
 *   <li>the answers to the peers' chunk messages ({@link #onPeerMessage}, called on transport threads);</li>
 *   <li>a background repair ({@value #REPAIR_INTERVAL_MS} ms period) fetching chunks named by committed manifests
 *       that this node lacks (it was down while they were uploaded, or installed a snapshot).</li>
 * </ul>
 * Manifests go through the normal data-request path ({@link ApiDispatcher#submitData}): a follower forwards the
 * {@code FilePut} to the leader. Thread-safe; {@link #close()} stops the threads.
 */
public final class FileService implements FileApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private static final HexFormat HEX = HexFormat.of();

    static final int IO_THREADS = 2;
    static final int IO_QUEUE_MAX = 32;
    /** How long a peer may take to acknowledge a pushed chunk or answer a fetch. */
    static final long PEER_REPLY_TIMEOUT_MS = 20_000;
    /** How long a peer may take to answer which chunks it holds. */
    static final long HAVE_TIMEOUT_MS = 5_000;
    /** How long a data request (manifest commit, read, delete, list) may take. */
    static final long REQUEST_TIMEOUT_MS = 10_000;
    static final long REPAIR_INTERVAL_MS = 5_000;
    /** Chunks fetched by one repair round at most. */
    static final int REPAIR_CHUNKS_PER_ROUND = 64;
    /** How long the voter set is reused before it is asked again. */
    static final long VOTERS_CACHE_MS = 1_000;
    /** Attempts to queue a message for a peer whose outbound queue is full, 100 ms apart. */
    static final int SEND_ATTEMPTS = 5;

    private final ChunkStore store;
    private final String selfId;
    private final BiPredicate<String, Envelope> send;
    private final Supplier<CompletableFuture<Set<String>>> voterLookup;
    private final ApiDispatcher dispatcher;
    private final Supplier<StateReader> reader;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final Semaphore uploads = new Semaphore(UPLOADS_MAX);
    private final AtomicLong requestIds = new AtomicLong();
    private final Map<Long, CompletableFuture<ChunkMessage>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean repairing = new AtomicBoolean();
    private volatile Set<String> cachedVoters = Set.of();
    private volatile long cachedVotersAtNanos;

    /**
     * @param store this node's chunk store
     * @param selfId this node's id
     * @param send queues an envelope for a peer (false when it cannot be queued)
     * @param voterLookup the current Raft voters (this node included when it is one)
     * @param dispatcher where data requests go (the node's data-request path)
     * @param reader committed state of this node for local reads
     */
    public FileService(ChunkStore store, String selfId, BiPredicate<String, Envelope> send,
            Supplier<CompletableFuture<Set<String>>> voterLookup, ApiDispatcher dispatcher, Supplier<StateReader> reader) {
        this.store = store;
        this.selfId = selfId;
        this.send = send;
        this.voterLookup = voterLookup;
        this.dispatcher = dispatcher;
        this.reader = reader;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(IO_QUEUE_MAX), r -> {
            Thread t = new Thread(r, "files-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "files-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::repairRound, REPAIR_INTERVAL_MS, REPAIR_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Majority of {@code voters}: the smallest count that is more than half. */
    static int majority(int voters) {
        return voters / 2 + 1;
    }

    // ------------------------------------------------------------------ FileApi

    @Override
    public CompletableFuture<ChunkRef> storeChunk(byte[] data) {
        return onIo(() -> store.put(data)).thenCompose(id -> replicate(id, data)
            .thenApply(v -> new ChunkRef(Bytes.wrap(HEX.parseHex(id)), data.length)));
    }

    @Override
    public CompletableFuture<byte[]> readChunk(String chunkHex) {
        return onIo(() -> local(chunkHex)).thenCompose(local -> local.isPresent()
            ? CompletableFuture.completedFuture(local.get()) : fetch(chunkHex));
    }

    @Override
    public CompletableFuture<List<String>> missing(List<String> chunkHexes) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(chunkHexes));
        return voters().thenCompose(vs -> onIo(() -> {
            Map<String, Integer> holders = new LinkedHashMap<>();
            for (String id : ids) {
                holders.put(id, store.contains(id) && vs.contains(selfId) ? 1 : 0);
            }
            return holders;
        }).thenCompose(holders -> {
            List<CompletableFuture<Void>> asks = new ArrayList<>();
            for (String peer : others(vs)) {
                for (int from = 0; from < ids.size(); from += FilesCodec.HAVE_IDS_MAX) {
                    List<String> batch = ids.subList(from, Math.min(ids.size(), from + FilesCodec.HAVE_IDS_MAX));
                    asks.add(ask(peer, id -> new ChunkMessage.Have(id, batch), HAVE_TIMEOUT_MS)
                        .handle((reply, err) -> {
                            if (reply instanceof ChunkMessage.HaveReply h) {
                                synchronized (holders) {
                                    for (String p : h.present()) {
                                        holders.computeIfPresent(p, (k, v) -> v + 1);
                                    }
                                }
                            }
                            return null;
                        }));
                }
            }
            return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<String> out = new ArrayList<>();
                synchronized (holders) {
                    holders.forEach((id, count) -> {
                        if (count < majority(vs.size())) {
                            out.add(id);
                        }
                    });
                }
                return out;
            });
        }));
    }

    @Override
    public CompletableFuture<ApiReply> commit(String keyspace, FileManifest manifest) {
        return data(new Command.FilePut(keyspace, manifest), false);
    }

    @Override
    public CompletableFuture<Lookup> lookup(String keyspace, String name, boolean serializable) {
        Command.FileGet get = new Command.FileGet(keyspace, name);
        CompletableFuture<ApiReply> round = serializable ? CompletableFuture.completedFuture(null) : data(get, false);
        // A linearizable read: the ReadIndex round answers once this node applied everything committed before it,
        // so the local state read after it is at least that fresh.
        return round.thenApply(reply -> {
            if (reply != null && reply.status() != 200) {
                return new Lookup.Answer(reply);
            }
            Result r = Queries.read(reader.get(), get);
            return switch (r) {
                case Result.FileInfo f -> new Lookup.Found(f.manifest(), f.version());
                default -> new Lookup.Answer(DataReplies.render(new io.tally.server.raft.Outcome.Done(r)));
            };
        });
    }

    @Override
    public CompletableFuture<ApiReply> delete(String keyspace, String name) {
        return data(new Command.FileDelete(keyspace, name), false);
    }

    @Override
    public CompletableFuture<ApiReply> list(String keyspace, String prefix, String after, int limit, boolean serializable) {
        return data(new Command.FileList(keyspace, prefix, after, limit), serializable);
    }

    @Override
    public boolean tryStartUpload() {
        return uploads.tryAcquire();
    }

    @Override
    public void endUpload() {
        uploads.release();
    }

    // ------------------------------------------------------------------ peers

    /** A files envelope from {@code fromNodeId}; transport thread. Invalid messages are dropped (logged). */
    public void onPeerMessage(String fromNodeId, FilesMsg msg) {
        switch (FilesCodec.decode(msg)) {
            case Decoded.Bad<ChunkMessage> bad -> LOG.debug("dropping an invalid files message from {}: {}", fromNodeId, bad.reason());
            case Decoded.Ok<ChunkMessage> ok -> handle(fromNodeId, ok.value());
        }
    }

    private void handle(String from, ChunkMessage m) {
        switch (m) {
            case ChunkMessage.Push p -> runOnIo(() -> {
                String id = ChunkStore.idOf(p.data());
                if (!id.equals(p.chunk())) {
                    reply(from, new ChunkMessage.PushAck(p.requestId(), p.chunk(), false, "the bytes hash to " + id));
                    return;
                }
                store.put(p.data());
                reply(from, new ChunkMessage.PushAck(p.requestId(), p.chunk(), true, ""));
            }, () -> reply(from, new ChunkMessage.PushAck(p.requestId(), p.chunk(), false, "busy")));
            case ChunkMessage.Fetch f -> runOnIo(() -> {
                Optional<byte[]> data = local(f.chunk());
                reply(from, new ChunkMessage.FetchReply(f.requestId(), f.chunk(), data.isPresent(), data.orElse(new byte[0])));
            }, () -> reply(from, new ChunkMessage.FetchReply(f.requestId(), f.chunk(), false, new byte[0])));
            case ChunkMessage.Have h -> runOnIo(() -> {
                List<String> present = new ArrayList<>();
                for (String id : h.chunks()) {
                    if (store.contains(id)) {
                        present.add(id);
                    }
                }
                reply(from, new ChunkMessage.HaveReply(h.requestId(), present));
            }, () -> reply(from, new ChunkMessage.HaveReply(h.requestId(), List.of())));
            case ChunkMessage.PushAck a -> answered(a);
            case ChunkMessage.FetchReply r -> answered(r);
            case ChunkMessage.HaveReply r -> answered(r);
        }
    }

    private void answered(ChunkMessage m) {
        CompletableFuture<ChunkMessage> f = pending.remove(m.requestId());
        if (f != null) {
            f.complete(m);
        }
    }

    private void reply(String to, ChunkMessage m) {
        if (!send.test(to, FilesCodec.encode(m))) {
            LOG.debug("could not queue {} for {}", m.getClass().getSimpleName(), to);
        }
    }

    /** Sends the message built from a fresh request id to {@code peer} and completes with its answer (or fails on timeout). */
    private CompletableFuture<ChunkMessage> ask(String peer, java.util.function.LongFunction<ChunkMessage> build, long timeoutMs) {
        long id = requestIds.incrementAndGet();
        CompletableFuture<ChunkMessage> f = new CompletableFuture<>();
        pending.put(id, f);
        Envelope e = FilesCodec.encode(build.apply(id));
        trySend(peer, e, f, 1);
        timer.schedule(() -> {
            if (pending.remove(id) != null) {
                f.completeExceptionally(new Unavailable("node " + peer + " did not answer within " + timeoutMs + " ms"));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        return f;
    }

    private void trySend(String peer, Envelope e, CompletableFuture<ChunkMessage> f, int attempt) {
        if (f.isDone()) {
            return;
        }
        boolean queued;
        try {
            queued = send.test(peer, e);
        } catch (RuntimeException ex) {
            f.completeExceptionally(ex);
            return;
        }
        if (!queued) {
            if (attempt >= SEND_ATTEMPTS) {
                f.completeExceptionally(new Unavailable("cannot reach node " + peer));
            } else {
                timer.schedule(() -> trySend(peer, e, f, attempt + 1), 100, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Pushes a locally stored chunk to the other voters; completes once a majority (this node counted) holds it. */
    private CompletableFuture<Void> replicate(String id, byte[] data) {
        return voters().thenCompose(vs -> {
            List<String> peers = others(vs);
            int needed = majority(vs.size()) - (vs.contains(selfId) ? 1 : 0);
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (needed <= 0) {
                done.complete(null);
                return done;
            }
            AtomicInteger acks = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            List<String> why = java.util.Collections.synchronizedList(new ArrayList<>());
            for (String peer : peers) {
                ask(peer, rid -> new ChunkMessage.Push(rid, id, data), PEER_REPLY_TIMEOUT_MS).whenComplete((reply, err) -> {
                    if (reply instanceof ChunkMessage.PushAck a && a.stored()) {
                        if (acks.incrementAndGet() >= needed) {
                            done.complete(null);
                        }
                        return;
                    }
                    why.add(peer + ": " + (err != null ? err.getMessage() : reply instanceof ChunkMessage.PushAck a ? a.message() : "no ack"));
                    if (failures.incrementAndGet() > peers.size() - needed) {
                        done.completeExceptionally(new Unavailable("chunk " + id + " is stored on fewer than a majority of "
                            + vs.size() + " voters (" + String.join("; ", why) + ")"));
                    }
                });
            }
            return done;
        });
    }

    /** Asks the other voters for a chunk in turn; verifies, stores and returns the first good copy. */
    private CompletableFuture<byte[]> fetch(String id) {
        return voters().thenCompose(vs -> fetchFrom(id, others(vs), 0, new StringBuilder()));
    }

    private CompletableFuture<byte[]> fetchFrom(String id, List<String> peers, int i, StringBuilder why) {
        if (i >= peers.size()) {
            return CompletableFuture.failedFuture(new Unavailable("chunk " + id + " is on no reachable node"
                + (why.isEmpty() ? "" : " (" + why.toString().replaceAll("; $", "") + ")")));
        }
        String peer = peers.get(i);
        return ask(peer, rid -> new ChunkMessage.Fetch(rid, id), PEER_REPLY_TIMEOUT_MS)
            .handle((reply, err) -> {
                if (reply instanceof ChunkMessage.FetchReply r && r.found()) {
                    if (ChunkStore.idOf(r.data()).equals(id)) {
                        return Optional.of(r.data());
                    }
                    why.append(peer).append(": bytes do not match the SHA-256; ");
                } else {
                    why.append(peer).append(": ").append(err != null ? err.getMessage() : "not there").append("; ");
                }
                return Optional.<byte[]>empty();
            })
            .thenCompose(got -> got.isPresent()
                ? onIo(() -> {
                    store.put(got.get());
                    return got.get();
                })
                : fetchFrom(id, peers, i + 1, why));
    }

    private List<String> others(Set<String> voters) {
        List<String> out = new ArrayList<>();
        for (String v : new TreeSet<>(voters)) {
            if (!v.equals(selfId)) {
                out.add(v);
            }
        }
        return out;
    }

    private CompletableFuture<Set<String>> voters() {
        long now = System.nanoTime();
        Set<String> cached = cachedVoters;
        if (!cached.isEmpty() && now - cachedVotersAtNanos < TimeUnit.MILLISECONDS.toNanos(VOTERS_CACHE_MS)) {
            return CompletableFuture.completedFuture(cached);
        }
        return voterLookup.get().thenApply(vs -> {
            if (vs.isEmpty()) {
                throw new Unavailable("this node knows no Raft voters yet (no group formed)");
            }
            cachedVoters = Set.copyOf(vs);
            cachedVotersAtNanos = System.nanoTime();
            return vs;
        });
    }

    // ------------------------------------------------------------------ local

    private Optional<byte[]> local(String id) throws java.io.IOException {
        try {
            return store.get(id);
        } catch (io.tally.storage.wal.WalCorruptionException e) {
            LOG.warn("chunk {} is corrupt on this node; serving a copy from a peer: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    private CompletableFuture<ApiReply> data(Command c, boolean serializable) {
        Result.Error e = Validation.check(c);
        if (e != null) {
            return CompletableFuture.completedFuture(ApiReply.error(e.code().httpStatus(), e.code().code(), e.message()));
        }
        Optional<CompletableFuture<ApiReply>> f = dispatcher.submitData(new ClientRequest(c, serializable, 0, 0));
        if (f.isEmpty()) {
            return CompletableFuture.failedFuture(new Unavailable("the node is busy or stopping; retry shortly"));
        }
        return f.get().orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Work that may throw an I/O exception. */
    @FunctionalInterface
    interface IoWork<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    interface IoTask {
        void run() throws Exception;
    }

    private <T> CompletableFuture<T> onIo(IoWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (Exception | Error e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new Unavailable("the file workers are busy; retry shortly"));
        }
        return f;
    }

    private void runOnIo(IoTask task, Runnable whenRefused) {
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    LOG.warn("file worker task failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            whenRefused.run();
        }
    }

    // ------------------------------------------------------------------ repair

    /** One bounded pass over the committed manifests, fetching the chunks this node lacks; timer thread. */
    private void repairRound() {
        if (!repairing.compareAndSet(false, true)) {
            return;
        }
        List<String> lacking;
        try {
            lacking = lackingChunks(REPAIR_CHUNKS_PER_ROUND);
        } catch (RuntimeException e) {
            LOG.debug("file repair skipped: {}", e.toString());
            repairing.set(false);
            return;
        }
        if (lacking.isEmpty()) {
            repairing.set(false);
            return;
        }
        LOG.info("fetching {} chunk(s) named by committed files that this node lacks", lacking.size());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String id : lacking) {
            chain = chain.thenCompose(v -> fetch(id).handle((b, err) -> {
                if (err != null) {
                    LOG.debug("repair could not fetch chunk {}: {}", id, err.toString());
                }
                return null;
            }));
        }
        chain.whenComplete((v, err) -> repairing.set(false));
    }

    /** Chunks named by committed manifests of strong keyspaces that this node lacks, at most {@code max}. */
    List<String> lackingChunks(int max) {
        StateReader state = reader.get();
        if (state == null) {
            return List.of();
        }
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Result.KeyspaceInfo ks : Queries.keyspaces(state, 1000)) {
            if (ks.consistency() != io.tally.store.command.Consistency.STRONG) {
                continue;
            }
            String after = "";
            while (out.size() < max) {
                Result r = Queries.read(state, new Command.FileList(ks.name(), "", after, 1000));
                if (!(r instanceof Result.FileListing l) || l.files().isEmpty()) {
                    break;
                }
                for (Result.FileEntry fe : l.files()) {
                    if (Queries.read(state, new Command.FileGet(ks.name(), fe.name())) instanceof Result.FileInfo fi) {
                        for (ChunkRef c : fi.manifest().chunks()) {
                            if (out.size() < max && !store.contains(c.hex())) {
                                out.add(c.hex());
                            }
                        }
                    }
                }
                if (l.nextAfter().isEmpty()) {
                    break;
                }
                after = l.nextAfter();
            }
        }
        return List.copyOf(out);
    }

    /** Stops the worker and timer threads (waits up to 2 s); pending requests fail. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(f -> f.completeExceptionally(new Unavailable("the node is stopping")));
        pending.clear();
    }
}
