package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Whole runs of the closed loop against fakes on 127.0.0.1. Bounded by {@code opsMax}; the assertions are about what
 * was counted and checked, never about how fast.
 */
class LoadRunTest {

    private static LoadRun.Spec spec(LoadRun.TargetKind target, String endpoint, LoadRun.Workload w, int keys, double reads,
                                     String prefix) {
        return new LoadRun.Spec(target, List.of(endpoint), w, 4, keys, reads, 16, false, 0, 2_000, 300, 10_000, prefix,
            List.of(), 1);
    }

    /** Tally's counter routes over a map: POST adds 1, GET reads (0 when absent). */
    private static FakeHttpServer fakeTally(Map<String, Long> counters) throws InterruptedException {
        return new FakeHttpServer(r -> {
            String key = r.uri().replaceFirst("^/v1/counters/", "").replaceFirst("\\?.*$", "");
            synchronized (counters) {
                long v = r.method().equals("POST") ? counters.merge(key, 1L, Long::sum) : counters.getOrDefault(key, 0L);
                return FakeHttpServer.answer(200, "{\"key\":\"" + key + "\",\"value\":" + v + "}");
            }
        });
    }

    @Test
    void aTallyCounterRunChecksTheReadBackSumAgainstTheAcknowledgedIncrements() throws Exception {
        Map<String, Long> counters = new TreeMap<>();
        try (FakeHttpServer server = fakeTally(counters)) {
            LoadRun.Result r = LoadRun.run(spec(LoadRun.TargetKind.TALLY, server.endpoint(), LoadRun.Workload.COUNTER, 5, 0, "t1"), null);
            assertThat(r.check()).isEqualTo("ok");
            assertThat(r.ackedIncrements()).isPositive().isLessThanOrEqualTo(300);
            synchronized (counters) {
                assertThat(counters.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.ackedIncrements());
                assertThat(counters.keySet()).allMatch(k -> k.matches("t1-[0-4]"));
            }
            assertThat(r.errors()).isZero();
            assertThat(r.attemptsPerOp()).isEqualTo(1.0);
        }
    }

    @Test
    void theCheckFailsWhenTheServerLosesAnIncrement() throws Exception {
        Map<String, Long> counters = new TreeMap<>();
        try (FakeHttpServer server = new FakeHttpServer(r -> {
                String key = r.uri().replaceFirst("^/v1/counters/", "");
                synchronized (counters) {
                    // Acknowledges every increment but forgets the first one.
                    long v = r.method().equals("POST") ? counters.merge(key, counters.containsKey("seen") ? 1L : 0L, Long::sum)
                        : counters.getOrDefault(key, 0L);
                    counters.put("seen", 1L);
                    return FakeHttpServer.answer(200, "{\"key\":\"" + key + "\",\"value\":" + v + "}");
                }
            })) {
            LoadRun.Result r = LoadRun.run(spec(LoadRun.TargetKind.TALLY, server.endpoint(), LoadRun.Workload.COUNTER, 1, 0, "lost"), null);
            assertThat(r.check()).startsWith("FAILED(read ").contains("acknowledged " + r.ackedIncrements());
        }
    }

    @Test
    void anEtcdHotKeyRunIsACasLoopWhoseTotalMatchesTheAcknowledgedIncrements() throws Exception {
        FakeEtcd etcd = new FakeEtcd();
        try (FakeHttpServer server = new FakeHttpServer(etcd::handle)) {
            LoadRun.Result r = LoadRun.run(spec(LoadRun.TargetKind.ETCD, server.endpoint(), LoadRun.Workload.COUNTER, 1, 0, "hot"), null);
            assertThat(r.check()).isEqualTo("ok");
            assertThat(etcd.counter("hot-0")).isEqualTo(r.ackedIncrements()).isPositive();
            assertThat(r.attemptsPerOp()).isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void anEtcdValueRunPutsAndReadsThroughTheGateway() throws Exception {
        FakeEtcd etcd = new FakeEtcd();
        try (FakeHttpServer server = new FakeHttpServer(etcd::handle)) {
            LoadRun.Result r = LoadRun.run(spec(LoadRun.TargetKind.ETCD, server.endpoint(), LoadRun.Workload.VALUE, 10, 0.5, "v"), null);
            assertThat(r.check()).isEqualTo("none");
            assertThat(r.errors()).isZero();
            assertThat(server.seen).extracting(FakeHttpServer.Request::uri).contains(EtcdJson.PUT, EtcdJson.RANGE)
                .allMatch(u -> u.equals(EtcdJson.PUT) || u.equals(EtcdJson.RANGE));
        }
    }

    @Test
    void failedOperationsAreErrorsNotOps() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer(r -> FakeHttpServer.answer(400, "{\"error\":\"bad\"}"))) {
            LoadRun.Result r = LoadRun.run(spec(LoadRun.TargetKind.TALLY, server.endpoint(), LoadRun.Workload.VALUE, 3, 0, "e"), null);
            assertThat(r.ops()).isZero();
            assertThat(r.errors()).isPositive();
            assertThat(r.latency().getTotalCount()).isZero();
        }
    }
}
