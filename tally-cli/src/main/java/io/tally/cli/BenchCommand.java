package io.tally.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.server.config.ConfigValues;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tally bench}: a closed-loop load generator against any endpoints. {@code --clients} virtual threads each
 * send one request at a time (client i starts at endpoint i mod n and fails over to the next), for
 * {@code --duration} or until {@code --ops-max} operations, whichever comes first. Prints a progress line every second
 * (stderr), then ops/s, errors and latency percentiles from HdrHistogram (p50, p99, p99.9, max) as text, and the
 * same summary as one JSON line (and to {@code --json-out} if given). A 2xx answer is a success (a 404 of a read of
 * a missing value too); anything else or no answer is an error.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Load-test a Tally cluster: counters, values or items; ops/s and latency percentiles.")
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;
    @Mixin
    ClientOptions client;
    @Option(names = "--workload", defaultValue = "counter", description = "counter, value or items (default counter).")
    String workload;
    @Option(names = "--clients", defaultValue = "64", description = "Concurrent clients, 1-4096 (default 64).")
    int clients;
    @Option(names = "--duration", defaultValue = "10s", description = "How long to run (default 10s).")
    String duration;
    @Option(names = "--ops-max", defaultValue = "100000000", description = "Stop after this many operations.")
    long opsMax;
    @Option(names = "--keys", defaultValue = "1000", description = "Distinct keys (tenants for items), 1 = one hot key.")
    int keys;
    @Option(names = "--reads", defaultValue = "0", description = "Fraction of reads, 0.0-1.0 (default 0: writes only).")
    double reads;
    @Option(names = "--value-size", defaultValue = "100", description = "Bytes per value written (value workload).")
    int valueSize;
    @Option(names = "--serializable", description = "Reads are local (may be stale) instead of linearizable.")
    boolean serializable;
    @Option(names = "--json-out", paramLabel = "PATH", description = "Also write the JSON summary to this file.")
    Path jsonOut;

    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        long durationMs;
        try {
            durationMs = ConfigValues.durationMs(duration, 100, 24L * 3_600_000);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
        }
        if (!List.of("counter", "value", "items").contains(workload)) {
            throw new ParameterException(spec.commandLine(), "--workload: expected counter, value or items, got " + workload);
        }
        if (clients < 1 || clients > 4096 || keys < 1 || reads < 0 || reads > 1 || valueSize < 0 || valueSize > (1 << 20) || opsMax < 1) {
            throw new ParameterException(spec.commandLine(),
                "expected --clients 1-4096, --keys >= 1, --reads 0.0-1.0, --value-size 0-1048576, --ops-max >= 1");
        }
        List<String> eps = Endpoints.parse(client.endpoints);
        Endpoints probe = client.open();
        PrintStream out = System.out;
        PrintStream err = System.err;
        byte[] value = new byte[valueSize];
        java.util.Arrays.fill(value, (byte) 'x');

        AtomicBoolean stop = new AtomicBoolean();
        List<Histogram> histograms = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long startNanos = System.nanoTime();
        long endNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(durationMs);
        for (int c = 0; c < clients; c++) {
            List<String> rotated = new ArrayList<>(eps);
            Collections.rotate(rotated, -(c % eps.size()));
            Endpoints mine = new Endpoints(rotated, java.time.Duration.ofSeconds(15));
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            histograms.add(h);
            threads.add(Thread.ofVirtual().name("bench-" + c).start(() -> clientLoop(mine, h, value, stop, endNanos)));
        }
        long lastOps = 0;
        long lastNanos = startNanos;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(lastNanos + 1_000_000_000L - System.nanoTime())));
                if (System.nanoTime() >= lastNanos + 1_000_000_000L) {
                    break;
                }
            }
            long now = System.nanoTime();
            long o = ops.get();
            err.printf(Locale.ROOT, "\r[%5.1fs] ops %d  ops/s %.0f  errors %d   ", (now - startNanos) / 1e9, o,
                (o - lastOps) / ((now - lastNanos) / 1e9), errors.get());
            lastOps = o;
            lastNanos = now;
        }
        err.println();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        synchronized (histograms) {
            histograms.forEach(all::add);
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("workload", workload);
        summary.put("clients", clients);
        summary.put("keys", keys);
        summary.put("reads", reads);
        summary.put("endpoints", String.join(",", probe.all()));
        summary.put("seconds", Math.round(seconds * 100) / 100.0);
        summary.put("ops", ops.get());
        summary.put("ops_per_s", Math.round(ops.get() / seconds));
        summary.put("errors", errors.get());
        ObjectNode lat = summary.putObject("latency_ms");
        lat.put("p50", ms(all.getValueAtPercentile(50)));
        lat.put("p99", ms(all.getValueAtPercentile(99)));
        lat.put("p999", ms(all.getValueAtPercentile(99.9)));
        lat.put("max", ms(all.getMaxValue()));
        out.printf(Locale.ROOT, "%s workload, %d clients, %d keys, %.0f%% reads, %.1f s against %s%n", workload, clients, keys,
            reads * 100, seconds, String.join(",", eps));
        out.printf(Locale.ROOT, "ops %d  ops/s %d  errors %d%n", ops.get(), Math.round(ops.get() / seconds), errors.get());
        out.printf(Locale.ROOT, "latency ms  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", lat.path("p50").asDouble(),
            lat.path("p99").asDouble(), lat.path("p999").asDouble(), lat.path("max").asDouble());
        String line = JSON.writeValueAsString(summary);
        out.println(line);
        if (jsonOut != null) {
            Files.writeString(jsonOut, line + "\n", StandardCharsets.UTF_8);
        }
        return ops.get() > 0 ? 0 : 1;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private void clientLoop(Endpoints e, Histogram h, byte[] value, AtomicBoolean stop, long endNanos) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String q = serializable ? "?consistency=serializable" : "";
        while (!stop.get() && System.nanoTime() < endNanos) {
            if (ops.incrementAndGet() > opsMax) {
                ops.decrementAndGet();
                stop.set(true);
                return;
            }
            int k = rnd.nextInt(keys);
            boolean read = reads > 0 && rnd.nextDouble() < reads;
            long t0 = System.nanoTime();
            try {
                Endpoints.Reply r = switch (workload) {
                    case "counter" -> read ? e.send("GET", "/v1/counters/k" + k + q, null)
                        : e.send("POST", "/v1/counters/k" + k, "{\"delta\":1}".getBytes(StandardCharsets.UTF_8));
                    case "value" -> read ? e.send("GET", "/v1/kv/k" + k + q, null) : e.send("PUT", "/v1/kv/k" + k, value);
                    default -> read ? e.send("GET", "/v1/items/t" + k + "/count" + q, null)
                        : e.send("POST", "/v1/items", ("[{\"id\":" + rnd.nextLong(1L << 40) + ",\"tenant\":\"t" + k + "\"}]")
                            .getBytes(StandardCharsets.UTF_8));
                };
                h.recordValue(Math.min(System.nanoTime() - t0, TimeUnit.SECONDS.toNanos(60)));
                if (r.status() / 100 != 2 && !(read && r.status() == 404)) {
                    errors.incrementAndGet();
                }
            } catch (java.io.IOException ex) {
                errors.incrementAndGet();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
