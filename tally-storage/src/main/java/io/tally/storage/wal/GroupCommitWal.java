package io.tally.storage.wal;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on top of {@link Wal}: one dedicated storage thread takes every request that arrived
 * while the previous fsync ran, writes them all, syncs once, and only then completes their futures with
 * the last durable index. Appenders from any thread call {@link #submit}; the queue is bounded
 * ({@code queueCapacity} requests, callers block when it is full) and a batch takes at most
 * {@code batchRequestsMax} requests.
 *
 * <p>An I/O error (including a failed fsync) is fatal: every pending and later request fails and the
 * node must restart and recover. Reads go through {@link #read}, which holds the WAL's monitor (the
 * storage thread holds it while writing, not while the fsyncs run).
 */
public final class GroupCommitWal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWal.class);

    /** One unit of work, applied in submission order. */
    public sealed interface Op {
        /** Append entries (contiguous, after the last index). */
        record Append(List<WalRecord.Entry> entries) implements Op {
        }

        /** Append entries of {@code term} at the next free indexes (for independent producers). */
        record AppendNext(long term, List<byte[]> data) implements Op {
        }

        /** Drop entries from {@code fromIndex} on. */
        record Truncate(long fromIndex) implements Op {
        }

        /** Replace the hard state. */
        record SetHardState(byte[] bytes) implements Op {
        }

        /** Compact up to a snapshot point. */
        record Compact(long index, long term) implements Op {
        }
    }

    private static final class Request {
        final List<Op> ops;
        final CompletableFuture<Long> done;
        long position;

        Request(List<Op> ops, CompletableFuture<Long> done) {
            this.ops = ops;
            this.done = done;
        }

        List<Op> ops() {
            return ops;
        }

        CompletableFuture<Long> done() {
            return done;
        }
    }

    private static final Request STOP = new Request(List.of(), new CompletableFuture<>());

    private final Wal wal;
    private final BlockingQueue<Request> queue;
    private final int batchRequestsMax;
    private final Thread thread;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private volatile long durableLastIndex;
    private volatile IOException failure;

    public GroupCommitWal(Wal wal, int queueCapacity, int batchRequestsMax, String threadName) {
        if (queueCapacity < 1 || batchRequestsMax < 1) {
            throw new IllegalArgumentException("queueCapacity and batchRequestsMax must be >= 1");
        }
        this.wal = wal;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchRequestsMax = batchRequestsMax;
        synchronized (wal) {
            this.durableLastIndex = wal.lastIndex();
        }
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues ops to be applied in order; once a sync covers them the future completes with the last log
     * index right after the request's ops (for an append, its last entry's index), or exceptionally (IllegalArgumentException for an op that does not fit the log, IOException
     * when storage failed).
     */
    public CompletableFuture<Long> submit(List<Op> ops) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        IOException f = failure;
        if (f != null) {
            done.completeExceptionally(f);
            return done;
        }
        try {
            queue.put(new Request(List.copyOf(ops), done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    public CompletableFuture<Long> append(List<WalRecord.Entry> entries) {
        return submit(List.of(new Op.Append(entries)));
    }

    /** Appends one entry at the next free index; the future gives that index once durable. */
    public CompletableFuture<Long> appendNext(long term, byte[] data) {
        return submit(List.of(new Op.AppendNext(term, List.of(data))));
    }

    /** Runs a read against the WAL under its monitor. */
    public <T> T read(Function<Wal, T> reader) {
        synchronized (wal) {
            return reader.apply(wal);
        }
    }

    /** Last index covered by a completed sync. */
    public long durableLastIndex() {
        return durableLastIndex;
    }

    public long syncs() {
        return syncs.get();
    }

    public long requests() {
        return requests.get();
    }

    public long entries() {
        return entries.get();
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        try {
            while (true) {
                Request first = queue.take();
                batch.add(first);
                queue.drainTo(batch, batchRequestsMax - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    commit(batch);
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e);
            failure = io;
            LOG.error("storage thread failed; the WAL accepts no more writes until the node restarts", e);
            for (Request r : batch) {
                r.done().completeExceptionally(io);
            }
            Request r;
            while ((r = queue.poll()) != null) {
                r.done().completeExceptionally(io);
            }
        }
    }

    private void commit(List<Request> batch) throws IOException {
        List<Request> ok = new ArrayList<>(batch.size());
        long last;
        Wal.SyncPlan plan;
        synchronized (wal) {
            // Runs of requests made only of AppendNext ops become one append: one write for the run.
            List<WalRecord.Entry> run = new ArrayList<>();
            for (Request r : batch) {
                if (isAppendNextOnly(r)) {
                    long next = wal.lastIndex() + 1 + run.size();
                    for (Op op : r.ops()) {
                        Op.AppendNext a = (Op.AppendNext) op;
                        for (byte[] d : a.data()) {
                            run.add(new WalRecord.Entry(next++, a.term(), d));
                        }
                    }
                    r.position = next - 1;
                    ok.add(r);
                    continue;
                }
                flushRun(run);
                try {
                    for (Op op : r.ops()) {
                        apply(op);
                    }
                    r.position = wal.lastIndex();
                    ok.add(r);
                } catch (IllegalArgumentException e) {
                    r.done().completeExceptionally(e);
                }
            }
            flushRun(run);
            plan = wal.beginSync();
        }
        plan.run(); // the fsyncs run without the monitor: readers are not held up by the disk
        synchronized (wal) {
            wal.finishSync(plan);
            last = plan.lastIndex();
        }
        syncs.incrementAndGet();
        requests.addAndGet(ok.size());
        durableLastIndex = last;
        for (Request r : ok) {
            r.done().complete(r.position);
        }
    }

    /** True when every op is an AppendNext whose data fits the entry limit (so it cannot be refused). */
    private boolean isAppendNextOnly(Request r) {
        if (r.ops().isEmpty()) {
            return false;
        }
        for (Op op : r.ops()) {
            if (!(op instanceof Op.AppendNext a)) {
                return false;
            }
            for (byte[] d : a.data()) {
                if (d.length > wal.entryBytesMax()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void flushRun(List<WalRecord.Entry> run) throws IOException {
        if (!run.isEmpty()) {
            wal.append(run);
            entries.addAndGet(run.size());
            run.clear();
        }
    }

    private void apply(Op op) throws IOException {
        switch (op) {
            case Op.Append a -> {
                wal.append(a.entries());
                entries.addAndGet(a.entries().size());
            }
            case Op.AppendNext a -> {
                List<WalRecord.Entry> list = new ArrayList<>(a.data().size());
                long next = wal.lastIndex() + 1;
                for (byte[] d : a.data()) {
                    list.add(new WalRecord.Entry(next++, a.term(), d));
                }
                wal.append(list);
                entries.addAndGet(list.size());
            }
            case Op.Truncate t -> wal.truncateFrom(t.fromIndex());
            case Op.SetHardState h -> wal.setHardState(h.bytes());
            case Op.Compact c -> wal.compact(c.index(), c.term());
        }
    }

    /** Finishes queued work, stops the thread and closes the WAL. */
    @Override
    public void close() throws IOException {
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (wal) {
            wal.close();
        }
    }
}
