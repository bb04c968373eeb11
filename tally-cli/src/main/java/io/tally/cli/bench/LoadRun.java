package io.tally.cli.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One closed-loop load run: {@code clients} slots, each with its own keep-alive {@link HttpConnection} (slot i starts
 * at endpoint i mod n) and its own {@link Target}, issue one operation at a time, the next as soon as the previous
 * completes. The first {@code warmupMs} are not measured; then for {@code durationMs} every operation that
 * completes inside the window counts: successes into ops/s and the latency histogram (from issuing the operation
 * to its completion, all retries included), failures into errors. CPU use is sampled at both ends of the window.
 * The run stops by itself at the end of the window or after {@code opsMax} operations; requests still in flight
 * end within the request timeout. Counter runs then read every key back (linearizable) and check that the sum
 * equals the increments acknowledged over the whole run.
 *
 * <p>Threading: slots run on {@code ioThreads} Netty event loops; each slot's statistics are touched only by its
 * loop and read by the calling thread after the slot has finished. {@link #run} blocks the calling thread.
 */
public final class LoadRun {
    /** Which system the slots talk to. */
    public enum TargetKind { TALLY, ETCD }

    /** What each operation does: counters (increment or read), values (put or read), items (add or count). */
    public enum Workload { COUNTER, VALUE, ITEMS }

    /** Latencies above this are recorded as this (ns). */
    static final long LATENCY_NANOS_MAX = TimeUnit.SECONDS.toNanos(120);

    /**
     * Everything a run needs. Units: milliseconds, bytes.
     *
     * @param reads fraction of operations that are reads, 0.0-1.0
     * @param keyPrefix keys are {@code <keyPrefix>-<n>} for n in 0..keys-1 (URL-safe characters only)
     * @param serverPids processes whose CPU is reported as the servers' (may be empty)
     */
    public record Spec(TargetKind target, List<String> endpoints, Workload workload, int clients, int keys, double reads,
                       int valueBytes, boolean serializable, long warmupMs, long durationMs, long opsMax, long timeoutMs,
                       String keyPrefix, List<Long> serverPids, int ioThreads) {
        public Spec {
            endpoints = List.copyOf(endpoints);
            serverPids = List.copyOf(serverPids);
            String bad = validate(target, endpoints, workload, clients, keys, reads, valueBytes, warmupMs, durationMs, opsMax,
                timeoutMs, keyPrefix, ioThreads);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
        }

        /** True when the writes of this run are counter increments, so the end-of-run check applies. */
        public boolean countsIncrements() {
            return workload == Workload.COUNTER && reads < 1.0;
        }
    }

    /** The first problem with these settings as a message saying what was expected, or null when they are fine. */
    static String validate(TargetKind target, List<String> endpoints, Workload workload, int clients, int keys, double reads,
                           int valueBytes, long warmupMs, long durationMs, long opsMax, long timeoutMs, String keyPrefix,
                           int ioThreads) {
        if (endpoints.isEmpty()) {
            return "expected at least one endpoint (host:port)";
        }
        if (clients < 1 || clients > 4096) {
            return "expected --clients 1-4096, got " + clients;
        }
        if (keys < 1 || keys > 100_000_000) {
            return "expected --keys 1-100000000, got " + keys;
        }
        if (!(reads >= 0 && reads <= 1)) {
            return "expected --reads 0.0-1.0, got " + reads;
        }
        if (valueBytes < 0 || valueBytes > (1 << 20)) {
            return "expected --value-size 0-1048576, got " + valueBytes;
        }
        if (warmupMs < 0) {
            return "expected --warmup >= 0, got " + warmupMs + " ms";
        }
        if (durationMs < 100) {
            return "expected --duration of at least 100ms, got " + durationMs + " ms";
        }
        if (opsMax < 1) {
            return "expected --ops-max >= 1, got " + opsMax;
        }
        if (timeoutMs < 1) {
            return "expected --timeout of at least 1ms, got " + timeoutMs + " ms";
        }
        if (keyPrefix == null || !keyPrefix.matches("[A-Za-z0-9_.-]{1,64}")) {
            return "expected --key-prefix of 1-64 characters A-Z a-z 0-9 _ . -, got '" + keyPrefix + "'";
        }
        if (ioThreads < 1 || ioThreads > 64) {
            return "expected --io-threads 1-64, got " + ioThreads;
        }
        if (target == TargetKind.ETCD && workload == Workload.ITEMS) {
            return "expected --workload counter or value with --target etcd: items have no etcd equivalent";
        }
        return null;
    }

    /**
     * What a run measured. Latency percentiles in milliseconds; cores NaN when unknown; {@code check} is
     * {@code ok}, {@code FAILED(...)} or {@code none} (not a counter run).
     *
     * @param attemptsPerOp requests per successful operation (etcd CAS retries), 1.0 otherwise
     * @param ackedIncrements increments acknowledged over the whole run (warm-up included)
     */
    public record Result(Spec spec, double seconds, long ops, long errors, Histogram latency, double attemptsPerOp,
                         double clientCores, double serverCores, double otherCores, long ackedIncrements, String check) {
        public long opsPerSecond() {
            return Math.round(ops / seconds);
        }

        public double ms(double percentile) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1e6;
        }

        public double maxMs() {
            return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1e6;
        }
    }

    /** One client slot; fields touched only on its connection's event loop until {@link #done} completes. */
    private static final class Slot {
        final int index;
        final Target target;
        final SplittableRandom rnd;
        final Histogram latency = new Histogram(LATENCY_NANOS_MAX, 3);
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long ops;
        long errors;
        long attempts;
        long ackedIncrements;

        Slot(int index, Target target, long seed) {
            this.index = index;
            this.target = target;
            this.rnd = new SplittableRandom(seed);
        }
    }

    private final Spec spec;
    private final byte[] value;
    private final AtomicLong issued = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean stop;
    private volatile long windowStartNanos = Long.MAX_VALUE;
    private volatile long windowEndNanos = Long.MAX_VALUE;

    private LoadRun(Spec spec) {
        this.spec = spec;
        this.value = new byte[spec.valueBytes()];
        java.util.Arrays.fill(value, (byte) 'x');
    }

    /**
     * Runs the load and returns the figures; prints a progress line per second to {@code progress} (may be null).
     */
    public static Result run(Spec spec, PrintStream progress) throws InterruptedException {
        return new LoadRun(spec).execute(progress);
    }

    private Result execute(PrintStream progress) throws InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(spec.ioThreads());
        List<Slot> slots = new ArrayList<>();
        try {
            for (int i = 0; i < spec.clients(); i++) {
                HttpConnection c = new HttpConnection(group, spec.endpoints(), i, spec.timeoutMs());
                Target t = spec.target() == TargetKind.ETCD ? new EtcdTarget(c, () -> stop) : new TallyTarget(c);
                slots.add(new Slot(i, t, 0x5eedL * 31 + i));
            }
            CpuMeter cpu = new CpuMeter(spec.serverPids());
            long startNanos = System.nanoTime();
            windowStartNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(spec.warmupMs());
            windowEndNanos = windowStartNanos + TimeUnit.MILLISECONDS.toNanos(spec.durationMs());
            for (Slot s : slots) {
                s.target.connection().executor().execute(() -> next(s));
            }
            waitUntil(windowStartNanos, startNanos, progress);
            CpuMeter.Sample a = cpu.sample();
            waitUntil(windowEndNanos, startNanos, progress);
            CpuMeter.Sample b = cpu.sample();
            stop = true;
            if (progress != null) {
                progress.println();
            }
            awaitSlots(slots);
            double[] cores = CpuMeter.cores(a, b);
            Histogram all = new Histogram(LATENCY_NANOS_MAX, 3);
            long ops = 0;
            long errors = 0;
            long attempts = 0;
            long acked = 0;
            for (Slot s : slots) {
                all.add(s.latency);
                ops += s.ops;
                errors += s.errors;
                attempts += s.attempts;
                acked += s.ackedIncrements;
            }
            String check = spec.countsIncrements() ? check(slots, acked) : "none";
            double seconds = Math.max(1e-3, (b.wallNanos() - a.wallNanos()) / 1e9);
            return new Result(spec, seconds, ops, errors, all, ops == 0 ? 0 : (double) attempts / ops, cores[0], cores[1],
                cores[2], acked, check);
        } finally {
            for (Slot s : slots) {
                s.target.connection().close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** Sleeps until {@code deadline}, printing progress every second. */
    private void waitUntil(long deadlineNanos, long startNanos, PrintStream progress) throws InterruptedException {
        long lastOps = completed.sum();
        long lastNanos = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= deadlineNanos || stop) {
                return; // the deadline, or --ops-max reached
            }
            long waitNanos = Math.min(Math.min(deadlineNanos - now, lastNanos + 1_000_000_000L - now), 50_000_000L);
            TimeUnit.NANOSECONDS.sleep(Math.max(1, waitNanos));
            now = System.nanoTime();
            if (now - lastNanos >= 1_000_000_000L && progress != null) {
                long o = completed.sum();
                progress.printf(Locale.ROOT, "\r[%5.1fs %s] ops %d  ops/s %.0f  errors %d   ", (now - startNanos) / 1e9,
                    now < windowStartNanos ? "warm-up" : "measured", o, (o - lastOps) / ((now - lastNanos) / 1e9), failed.sum());
                lastOps = o;
                lastNanos = now;
            }
        }
    }

    /** Waits for every slot to finish its last operation (each request ends within the timeout). */
    private void awaitSlots(List<Slot> slots) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(slots.stream().map(s -> s.done).toArray(CompletableFuture[]::new));
        try {
            all.get(2 * spec.timeoutMs() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("bench slots did not finish within twice the request timeout", e);
        }
    }

    private String key(int n) {
        return spec.keyPrefix() + "-" + n;
    }

    /** Issues the slot's next operation, or ends the slot. Its event loop only. */
    private void next(Slot s) {
        long t0 = System.nanoTime();
        if (stop || t0 >= windowEndNanos) {
            s.done.complete(null);
            return;
        }
        if (issued.incrementAndGet() > spec.opsMax()) {
            stop = true;
            s.done.complete(null);
            return;
        }
        String key = key(s.rnd.nextInt(spec.keys()));
        boolean read = spec.reads() > 0 && s.rnd.nextDouble() < spec.reads();
        Target t = s.target;
        CompletableFuture<Target.Outcome> f = switch (spec.workload()) {
            case COUNTER -> read ? t.readCounter(key, spec.serializable()) : t.increment(key);
            case VALUE -> read ? t.readValue(key, spec.serializable()) : t.put(key, value);
            case ITEMS -> read ? t.countItems(key, spec.serializable()) : t.addItem(key, s.rnd.nextLong(1L << 40));
        };
        boolean increment = spec.workload() == Workload.COUNTER && !read;
        f.whenComplete((o, e) -> {
            long t1 = System.nanoTime();
            boolean ok = e == null && o.ok();
            if (ok) {
                completed.increment();
                if (increment) {
                    s.ackedIncrements++;
                }
            } else {
                failed.increment();
            }
            if (t1 >= windowStartNanos && t1 < windowEndNanos) {
                if (ok) {
                    s.ops++;
                    s.attempts += o.attempts();
                    s.latency.recordValue(Math.min(t1 - t0, LATENCY_NANOS_MAX));
                } else {
                    s.errors++;
                }
            }
            // Always through the event loop's queue: an operation that failed at once must not recurse.
            s.target.connection().executor().execute(() -> next(s));
        });
    }

    /** Reads every key back, each slot a share of them, and compares the sum with the acknowledged increments. */
    private String check(List<Slot> slots, long acked) throws InterruptedException {
        List<CompletableFuture<Long>> sums = new ArrayList<>();
        for (Slot s : slots) {
            CompletableFuture<Long> sum = new CompletableFuture<>();
            s.target.connection().executor().execute(() -> readShare(s, s.index, 0, sum));
            sums.add(sum);
        }
        long total = 0;
        try {
            for (CompletableFuture<Long> f : sums) {
                total += f.get(spec.timeoutMs() * (spec.keys() / spec.clients() + 2) + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return "FAILED(read-back: " + c.getMessage() + ")";
        }
        return total == acked ? "ok" : "FAILED(read " + total + ", acknowledged " + acked + ")";
    }

    /** Sums keys k, k + clients, k + 2 clients, ... one request at a time. */
    private void readShare(Slot s, int k, long sumSoFar, CompletableFuture<Long> out) {
        if (k >= spec.keys()) {
            out.complete(sumSoFar);
            return;
        }
        s.target.counterValue(key(k)).whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                s.target.connection().executor().execute(() -> readShare(s, k + spec.clients(), sumSoFar + v, out));
            }
        });
    }
}
