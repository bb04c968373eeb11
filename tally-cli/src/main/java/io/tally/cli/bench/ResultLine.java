package io.tally.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The figure line of a run, in the format of the peers' benchmark scripts so the two can be read side by side:
 * {@code <label>: N ops/s p50=..ms p99=..ms p999=..ms max=..ms (clients=64, 15s, ops=.., errors=.., client_cpu=..
 * cores, server_cpu=.. cores, other_cpu=.. cores[, keys=.., attempts/incr=.., check=ok])}, and the same figures as
 * one JSON object. Pure functions, any thread.
 */
public final class ResultLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultLine() {}

    /**
     * The default label: target and endpoint count ({@code tally3}, {@code etcd3}), then the operation ({@code incr},
     * {@code cas-incr}, {@code put}, {@code get (linearizable)}, ...) and, for counters, the key count.
     */
    public static String defaultLabel(LoadRun.Spec s) {
        String who = (s.target() == LoadRun.TargetKind.ETCD ? "etcd" : "tally") + s.endpoints().size();
        String read = "get (" + (s.serializable() ? "serializable" : "linearizable") + ")";
        String op = switch (s.workload()) {
            case COUNTER -> s.reads() >= 1 ? "counter " + read
                : (s.target() == LoadRun.TargetKind.ETCD ? "cas-incr" : "incr") + " " + s.keys() + (s.keys() == 1 ? " key" : " keys")
                    + (s.reads() > 0 ? mix(s.reads()) : "");
            case VALUE -> s.reads() >= 1 ? read : s.reads() > 0 ? "put" + mix(s.reads()) : "put";
            case ITEMS -> s.reads() >= 1 ? "items count" : "items add" + (s.reads() > 0 ? mix(s.reads()) : "");
        };
        return who + " " + op;
    }

    private static String mix(double reads) {
        return String.format(Locale.ROOT, " + %.0f%% reads", reads * 100);
    }

    /** The peers-style figure line. */
    public static String format(String label, LoadRun.Result r) {
        LoadRun.Spec s = r.spec();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d ops/s p50=%.2fms p99=%.2fms p999=%.2fms max=%.1fms (clients=%d, %.0fs, ops=%d, errors=%d, "
                + "client_cpu=%s cores, server_cpu=%s cores, other_cpu=%s cores", label, r.opsPerSecond(), r.ms(50), r.ms(99),
            r.ms(99.9), r.maxMs(), s.clients(), r.seconds(), r.ops(), r.errors(), cores(r.clientCores()), cores(r.serverCores()),
            cores(r.otherCores())));
        if (s.workload() == LoadRun.Workload.COUNTER && s.reads() < 1) {
            b.append(String.format(Locale.ROOT, ", keys=%d, attempts/incr=%.2f, check=%s", s.keys(), r.attemptsPerOp(), r.check()));
        }
        return b.append(')').toString();
    }

    /** The JSON summary (one object; field names are stable, scripts read them). */
    public static ObjectNode json(String label, LoadRun.Result r) {
        LoadRun.Spec s = r.spec();
        ObjectNode o = JSON.createObjectNode();
        o.put("label", label);
        o.put("target", s.target().name().toLowerCase(Locale.ROOT));
        o.put("workload", s.workload().name().toLowerCase(Locale.ROOT));
        o.put("clients", s.clients());
        o.put("keys", s.keys());
        o.put("reads", s.reads());
        o.put("serializable", s.serializable());
        o.put("value_size", s.valueBytes());
        o.put("endpoints", String.join(",", s.endpoints()));
        o.put("warmup_s", s.warmupMs() / 1000.0);
        o.put("seconds", Math.round(r.seconds() * 100) / 100.0);
        o.put("ops", r.ops());
        o.put("ops_per_s", r.opsPerSecond());
        o.put("errors", r.errors());
        ObjectNode lat = o.putObject("latency_ms");
        lat.put("p50", round2(r.ms(50)));
        lat.put("p99", round2(r.ms(99)));
        lat.put("p999", round2(r.ms(99.9)));
        lat.put("max", round2(r.maxMs()));
        putCores(o, "client_cpu", r.clientCores());
        putCores(o, "server_cpu", r.serverCores());
        putCores(o, "other_cpu", r.otherCores());
        o.put("attempts_per_op", round2(r.attemptsPerOp()));
        o.put("acked_increments", r.ackedIncrements());
        o.put("check", r.check());
        return o;
    }

    private static void putCores(ObjectNode o, String field, double cores) {
        if (Double.isNaN(cores)) {
            o.putNull(field);
        } else {
            o.put(field, round2(cores));
        }
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String cores(double c) {
        return Double.isNaN(c) ? "n/a" : String.format(Locale.ROOT, "%.2f", c);
    }
}
