package io.tally.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.cli.bench.LoadRun;
import io.tally.cli.bench.ResultLine;
import io.tally.server.config.ConfigValues;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tally bench}: a closed-loop load generator against Tally or, with {@code --target etcd}, against etcd 3.4's
 * v3 JSON gateway, so both are measured by one and the same client ({@link LoadRun}). {@code --clients} slots each
 * keep one HTTP/1.1 keep-alive connection (slot i starts at endpoint i mod n and fails over to the next) and send
 * one operation at a time; {@code --warmup} is not measured, then {@code --duration} is; {@code --ops-max} bounds
 * the run too. Prints a progress line every second (stderr), then the figure line in the peers' format, the same
 * as readable text, and one JSON line (also to {@code --json-out}). Counter runs read every key back at the end
 * and check the sum equals the acknowledged increments. Exit 0 when operations succeeded and the check held.
 * Runs on the main thread; the load runs on Netty event loops it owns.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Load-test Tally (or etcd, with --target etcd): counters, values or items; ops/s, latency percentiles, CPU.")
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;
    @Mixin
    ClientOptions client;
    @Option(names = "--target", defaultValue = "tally",
        description = "tally (its HTTP API) or etcd (etcd 3.4's JSON gateway on the client ports; counters are a CAS loop). Default tally.")
    String target;
    @Option(names = "--workload", defaultValue = "counter", description = "counter, value or items (default counter; items: Tally only).")
    String workload;
    @Option(names = "--clients", defaultValue = "64", description = "Concurrent clients (connections), 1-4096 (default 64).")
    int clients;
    @Option(names = "--warmup", defaultValue = "5s", description = "Load before the measured window, not measured (default 5s; 0s for none).")
    String warmup;
    @Option(names = "--duration", defaultValue = "10s", description = "The measured window (default 10s).")
    String duration;
    @Option(names = "--ops-max", defaultValue = "100000000", description = "Stop after this many operations (warm-up included).")
    long opsMax;
    @Option(names = "--keys", defaultValue = "1000", description = "Distinct keys (tenants for items), 1 = one hot key.")
    int keys;
    @Option(names = "--reads", defaultValue = "0", description = "Fraction of reads, 0.0-1.0 (default 0: writes only).")
    double reads;
    @Option(names = "--value-size", defaultValue = "16", description = "Bytes per value written (value workload; default 16).")
    int valueSize;
    @Option(names = "--serializable", description = "Reads are local (may be stale) instead of linearizable.")
    boolean serializable;
    @Option(names = "--key-prefix", paramLabel = "P",
        description = "Keys are P-0 .. P-(keys-1) (default: a fresh random prefix, so counters start at 0). Reuse one to read what a put run wrote.")
    String keyPrefix;
    @Option(names = "--server-pids", paramLabel = "PID,...", split = ",",
        description = "Server processes whose CPU to report as server_cpu (other_cpu is the rest of the machine).")
    List<Long> serverPids = new ArrayList<>();
    @Option(names = "--label", description = "Name of the figure line (default: target, endpoint count and operation, e.g. 'tally3 incr 1 key').")
    String label;
    @Option(names = "--io-threads", defaultValue = "1", description = "Netty event loops of the client (default 1).")
    int ioThreads;
    @Option(names = "--json-out", paramLabel = "PATH", description = "Also write the JSON summary to this file.")
    Path jsonOut;

    @Override
    public Integer call() throws Exception {
        LoadRun.Spec s = spec();
        PrintStream out = System.out;
        LoadRun.Result r = LoadRun.run(s, System.err);
        String name = label != null ? label : ResultLine.defaultLabel(s);
        out.println(ResultLine.format(name, r));
        out.printf(Locale.ROOT, "%s workload against %s, %d clients, %d keys, %.0f%% reads, %.1f s measured after %.1f s warm-up, %s%n",
            s.workload().name().toLowerCase(Locale.ROOT), s.target().name().toLowerCase(Locale.ROOT), s.clients(), s.keys(),
            s.reads() * 100, r.seconds(), s.warmupMs() / 1000.0, String.join(",", s.endpoints()));
        out.printf(Locale.ROOT, "ops %d  ops/s %d  errors %d%n", r.ops(), r.opsPerSecond(), r.errors());
        out.printf(Locale.ROOT, "latency ms  p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", r.ms(50), r.ms(99), r.ms(99.9), r.maxMs());
        String line = JSON.writeValueAsString(ResultLine.json(name, r));
        out.println(line);
        if (jsonOut != null) {
            Files.writeString(jsonOut, line + "\n", StandardCharsets.UTF_8);
        }
        return r.ops() > 0 && !r.check().startsWith("FAILED") ? 0 : 1;
    }

    /** The run these options describe; a bad option is a {@link ParameterException} naming what was expected. */
    LoadRun.Spec spec() {
        LoadRun.TargetKind t = switch (target) {
            case "tally" -> LoadRun.TargetKind.TALLY;
            case "etcd" -> LoadRun.TargetKind.ETCD;
            default -> throw bad("--target: expected tally or etcd, got " + target);
        };
        LoadRun.Workload w = switch (workload) {
            case "counter" -> LoadRun.Workload.COUNTER;
            case "value" -> LoadRun.Workload.VALUE;
            case "items" -> LoadRun.Workload.ITEMS;
            default -> throw bad("--workload: expected counter, value or items, got " + workload);
        };
        long warmupMs = durationMs("--warmup", warmup, 0);
        long durationMs = durationMs("--duration", duration, 100);
        long timeoutMs = durationMs("--timeout", client.timeout, 1);
        List<String> eps;
        try {
            eps = Endpoints.parse(client.endpoints);
        } catch (IllegalArgumentException e) {
            throw bad("--endpoints: " + e.getMessage());
        }
        String prefix = keyPrefix != null ? keyPrefix
            : "b" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffff_ffffL);
        try {
            return new LoadRun.Spec(t, eps, w, clients, keys, reads, valueSize, serializable, warmupMs, durationMs, opsMax,
                timeoutMs, prefix, serverPids, ioThreads);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private long durationMs(String flag, String text, long minMs) {
        try {
            return ConfigValues.durationMs(text, minMs, 24L * 3_600_000);
        } catch (IllegalArgumentException e) {
            throw bad(flag + ": " + e.getMessage());
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
