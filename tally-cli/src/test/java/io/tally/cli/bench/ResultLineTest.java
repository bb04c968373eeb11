package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultLineTest {

    private static LoadRun.Spec spec(LoadRun.TargetKind t, LoadRun.Workload w, int keys, double reads) {
        return new LoadRun.Spec(t, List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"), w, 64, keys, reads, 16, false, 10_000,
            15_000, 1_000_000, 15_000, "p", List.of(), 1);
    }

    @Test
    void defaultLabelsNameTargetNodesAndOperation() {
        assertThat(ResultLine.defaultLabel(spec(LoadRun.TargetKind.TALLY, LoadRun.Workload.COUNTER, 1, 0))).isEqualTo("tally3 incr 1 key");
        assertThat(ResultLine.defaultLabel(spec(LoadRun.TargetKind.ETCD, LoadRun.Workload.COUNTER, 1, 0))).isEqualTo("etcd3 cas-incr 1 key");
        assertThat(ResultLine.defaultLabel(spec(LoadRun.TargetKind.ETCD, LoadRun.Workload.VALUE, 10_000, 0))).isEqualTo("etcd3 put");
        assertThat(ResultLine.defaultLabel(spec(LoadRun.TargetKind.TALLY, LoadRun.Workload.VALUE, 10_000, 1))).isEqualTo("tally3 get (linearizable)");
        assertThat(ResultLine.defaultLabel(spec(LoadRun.TargetKind.TALLY, LoadRun.Workload.COUNTER, 1000, 0.5)))
            .isEqualTo("tally3 incr 1000 keys + 50% reads");
    }

    @Test
    void theFigureLineHasThePeersFormat() {
        Histogram h = new Histogram(LoadRun.LATENCY_NANOS_MAX, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10_000L); // 0.01 .. 10 ms
        }
        LoadRun.Result r = new LoadRun.Result(spec(LoadRun.TargetKind.ETCD, LoadRun.Workload.COUNTER, 1, 0), 15.0, 1500, 2, h, 36.8,
            0.31, 0.92, 0.76, 1800, "ok");
        String line = ResultLine.format("etcd3 cas-incr 1 key", r);
        assertThat(line).matches("etcd3 cas-incr 1 key: 100 ops/s p50=5\\.\\d\\dms p99=9\\.9\\dms p999=\\d+\\.\\d\\dms max=10\\.0ms "
            + "\\(clients=64, 15s, ops=1500, errors=2, client_cpu=0\\.31 cores, server_cpu=0\\.92 cores, other_cpu=0\\.76 cores, "
            + "keys=1, attempts/incr=36\\.80, check=ok\\)");
        assertThat(ResultLine.json("x", r).path("check").asText()).isEqualTo("ok");
        assertThat(ResultLine.json("x", r).path("latency_ms").path("p50").asDouble()).isBetween(4.9, 5.1);
    }

    @Test
    void unknownCpuReadsNotAvailable() {
        LoadRun.Result r = new LoadRun.Result(spec(LoadRun.TargetKind.TALLY, LoadRun.Workload.VALUE, 10, 0), 1.0, 0, 0,
            new Histogram(LoadRun.LATENCY_NANOS_MAX, 3), 0, 0.1, Double.NaN, Double.NaN, 0, "none");
        assertThat(ResultLine.format("v", r)).contains("server_cpu=n/a cores").doesNotContain("check=");
        assertThat(ResultLine.json("v", r).path("server_cpu").isNull()).isTrue();
    }
}
