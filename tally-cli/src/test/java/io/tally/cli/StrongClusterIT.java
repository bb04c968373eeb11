package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code tally node} processes (from {@code tally.jar}, fsync on) forming a Raft group from a config file
 * of servers: every acknowledged increment, value and item survives kill -9 of the leader under write load and a
 * kill -9 of all nodes; a follower that was down while the log was compacted catches up by snapshot; bad input
 * over HTTP gets the error JSON. Every wait polls a condition up to a deadline; load loops stop by themselves.
 */
class StrongClusterIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();
    private List<LocalCluster.Spec> specs;

    @TempDir
    Path tmp;

    @AutoClose
    NodeProcesses nodes;

    /** Plans three nodes and writes their config with these top-level settings, e.g. "snapshot-entries: 50". */
    private void plan(String... settings) throws IOException {
        nodes = new NodeProcesses(tmp, 3, Duration.ofSeconds(10), settings);
        specs = nodes.specs();
    }

    private long counter(LocalCluster.Spec s, String key, String query) {
        return nodes.getJson(s, "/v1/counters/" + key + query).map(n -> n.path("value").asLong()).orElse(-1L);
    }

    /** Acknowledged and attempted writes of a bounded load loop against every running node in turn. */
    private final class Writers {
        final AtomicLong incAcked = new AtomicLong();
        final AtomicLong incAttempted = new AtomicLong();
        final Map<String, String> valuesAcked = new ConcurrentHashMap<>();
        final Map<Long, Boolean> itemsAcked = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        void start(int count) {
            for (int t = 0; t < count; t++) {
                final int id = t;
                Thread th = new Thread(() -> loop(id), "writer-" + t);
                th.start();
                threads.add(th);
            }
        }

        private void loop(int id) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < 20_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                LocalCluster.Spec s = specs.get((i + id) % specs.size());
                if (!nodes.running(s)) {
                    continue;
                }
                try {
                    switch (i % 3) {
                        case 0 -> {
                            incAttempted.incrementAndGet();
                            if (nodes.send(s, "POST", "/v1/counters/acked", "{\"delta\": 1}").statusCode() == 200) {
                                incAcked.incrementAndGet();
                            }
                        }
                        case 1 -> {
                            String key = "w" + id + "-" + i;
                            if (nodes.send(s, "PUT", "/v1/kv/" + key, "v" + i).statusCode() == 200) {
                                valuesAcked.put(key, "v" + i);
                            }
                        }
                        default -> {
                            long item = id * 1_000_000L + i;
                            if (nodes.send(s, "POST", "/v1/items", "[{\"id\": " + item + ", \"tenant\": \"t\"}]").statusCode() == 200) {
                                itemsAcked.put(item, true);
                            }
                        }
                    }
                } catch (IOException e) {
                    // the node is down or timed out: not acknowledged
                }
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private void checkAcknowledged(Writers w, LocalCluster.Spec at) throws IOException {
        long value = counter(at, "acked", "");
        assertThat(value).as("counter holds every acknowledged increment, and no more than were attempted")
                .isBetween(w.incAcked.get(), w.incAttempted.get());
        for (Map.Entry<String, String> e : w.valuesAcked.entrySet()) {
            HttpResponse<String> r = nodes.send(at, "GET", "/v1/kv/" + e.getKey(), null);
            assertThat(r.statusCode()).as("acknowledged value %s", e.getKey()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(e.getValue());
        }
        long items = nodes.getJson(at, "/v1/items/t/count").orElseThrow().path("count").asLong();
        assertThat(items).as("item count holds every acknowledged item").isGreaterThanOrEqualTo(w.itemsAcked.size());
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKilledLeaderAndAKillOfAllNodes() throws Exception {
        plan();
        nodes.startAll();
        nodes.await("a leader", () -> nodes.leader().isPresent(), DEADLINE);
        Writers w = new Writers();
        w.start(4);
        nodes.await("some writes acknowledged", () -> w.incAcked.get() >= 20, DEADLINE);
        LocalCluster.Spec old = nodes.leader().orElseThrow();
        nodes.kill9(old);
        nodes.await("a new leader among the other two", () -> nodes.leader().filter(l -> !l.id().equals(old.id())).isPresent(), DEADLINE);
        long ackedAtFailover = w.incAcked.get();
        nodes.await("writes acknowledged by the new leader", () -> w.incAcked.get() >= ackedAtFailover + 20, DEADLINE);
        nodes.restart(old);
        nodes.await("the old leader serves again", () -> nodes.getJson(old, "/v1/cluster").isPresent(), DEADLINE);
        w.stopAndJoin();
        assertThat(w.incAcked.get()).isPositive();
        for (LocalCluster.Spec s : specs) {
            nodes.await(s.id() + " reads the counter", () -> counter(s, "acked", "") >= 0, DEADLINE);
            checkAcknowledged(w, s);
        }
        long before = counter(specs.get(0), "acked", "");
        for (LocalCluster.Spec s : specs) {
            nodes.kill9(s);
        }
        for (LocalCluster.Spec s : specs) {
            nodes.restart(s);
        }
        nodes.await("a leader after killing all", () -> nodes.leader().isPresent(), DEADLINE);
        for (LocalCluster.Spec s : specs) {
            nodes.await(s.id() + " reads after the restart", () -> counter(s, "acked", "") >= 0, DEADLINE);
            assertThat(counter(s, "acked", "")).isEqualTo(before);
            checkAcknowledged(w, s);
        }
    }

    @Test
    void aFollowerDownDuringACompactionCatchesUpBySnapshot() throws Exception {
        plan("snapshot-entries: 50");
        nodes.startAll();
        nodes.await("a leader", () -> nodes.leader().isPresent(), DEADLINE);
        LocalCluster.Spec lead = nodes.leader().orElseThrow();
        LocalCluster.Spec follower = specs.stream().filter(s -> !s.id().equals(lead.id())).findFirst().orElseThrow();
        nodes.kill9(follower);
        for (int i = 0; i < 200; i++) {
            assertThat(nodes.send(lead, "POST", "/v1/counters/c", null).statusCode()).isEqualTo(200);
        }
        nodes.await("the leader compacted its log", () -> nodes.getJson(lead, "/v1/cluster")
                .map(c -> c.path("raft").path("snapshot_index").asLong()).orElse(0L) >= 50, DEADLINE);
        nodes.restart(follower);
        nodes.await("the follower caught up", () -> counter(follower, "c", "?consistency=serializable") == 200, DEADLINE);
        assertThat(nodes.getJson(follower, "/v1/cluster").orElseThrow().path("raft").path("snapshot_index").asLong()).isPositive();
        assertThat(Files.readString(follower.log())).contains("installed snapshot");
    }

    @Test
    void bootstrapExpectFormsTheGroupOnceThreeNodesSeeEachOtherAndARestartResumesIt() throws Exception {
        plan();
        List<List<String>> nodeArgs = new ArrayList<>();
        for (LocalCluster.Spec s : specs) {
            List<String> a = new ArrayList<>(List.of("--http", s.http().toString(), "--peer", s.peer().toString(),
                    "--bootstrap-expect", "3"));
            if (!s.id().equals("n1")) {
                a.addAll(List.of("--join", specs.get(0).peer().toString()));
            }
            nodeArgs.add(a);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                nodes.start(specs.get(i), List.of(), nodeArgs.get(i));
            }
            nodes.await("a leader of all three", () -> nodes.leader().isPresent()
                    && nodes.getJson(specs.get(0), "/v1/cluster").map(c -> c.path("raft").path("voters").size()).orElse(0) == 3, DEADLINE);
            assertThat(nodes.send(specs.get(2), "POST", "/v1/counters/boot", null).statusCode()).isEqualTo(200);
            if (round == 0) {
                for (LocalCluster.Spec s : specs) {
                    nodes.kill9(s);
                }
            }
        }
        assertThat(counter(specs.get(1), "boot", "")).isEqualTo(2);
    }

    /** Runs {@code tally ARGS} to completion (bounded) and returns its exit code and output. */
    private String[] cli(String... args) throws Exception {
        List<String> cmd = NodeProcesses.tally();
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "cli", ".log");
        Process p = nodes.track(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        assertThat(p.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("tally %s ended", List.of(args)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), Files.readString(log)};
    }

    @Test
    void clientCommandsAndBenchWorkThroughAnyEndpointAndSkipADeadOne() throws Exception {
        plan();
        nodes.startAll();
        nodes.await("a leader", () -> nodes.leader().isPresent(), DEADLINE);
        String eps = "127.0.0.1:1," + specs.get(2).http() + "," + specs.get(0).http();
        assertThat(cli("inc", "hits", "--delta", "5", "--endpoints", eps)).containsExactly("0", "5\n");
        assertThat(cli("inc", "hits", "--endpoints", eps)[1]).isEqualTo("6\n");
        assertThat(cli("get", "hits", "--endpoints", eps)[1]).isEqualTo("6\n");
        assertThat(cli("put", "greeting", "hello", "--endpoints", eps)[0]).isEqualTo("0");
        assertThat(cli("get", "greeting", "--endpoints", eps)[1]).isEqualTo("hello\n");
        assertThat(cli("del", "greeting", "--endpoints", eps)[0]).isEqualTo("0");
        assertThat(cli("get", "greeting", "--endpoints", eps)).satisfies(r -> {
            assertThat(r[0]).isEqualTo("1");
            assertThat(r[1]).contains("not_found");
        });
        assertThat(cli("items", "add", "acme", "1", "2", "x", "--endpoints", eps)[1]).isEqualTo("3\n");
        assertThat(cli("items", "count", "acme", "--endpoints", eps)[1]).isEqualTo("3\n");
        assertThat(cli("cluster", "--endpoints", eps)[1]).contains("leader", "n1", "n2", "n3");
        Path out = tmp.resolve("bench.json");
        String[] bench = cli("bench", "--endpoints", eps, "--clients", "4", "--duration", "2s", "--keys", "10", "--reads", "0.5",
                "--json-out", out.toString());
        assertThat(bench[0]).as(bench[1]).isEqualTo("0");
        assertThat(bench[1]).contains("ops/s", "p99.9");
        JsonNode summary = json.readTree(Files.readString(out));
        assertThat(summary.path("ops").asLong()).isPositive();
        assertThat(summary.path("errors").asLong()).isZero();
        assertThat(summary.path("latency_ms").path("p50").asDouble()).isPositive();
    }

    @Test
    void badInputGetsTheErrorJsonWithTheRightStatusAndChangesNothing() throws Exception {
        plan();
        nodes.startAll();
        nodes.await("a leader", () -> nodes.leader().isPresent(), DEADLINE);
        LocalCluster.Spec n = specs.get(1);
        assertThat(nodes.send(n, "POST", "/v1/counters/x", "{\"delta\": ").statusCode()).isEqualTo(400);
        assertThat(nodes.send(n, "POST", "/v1/counters/x", "{\"delta\": \"one\"}").statusCode()).isEqualTo(400);
        assertThat(nodes.send(n, "POST", "/v1/counters/x", "{\"delta\": 9223372036854775807}").statusCode()).isEqualTo(200);
        HttpResponse<String> overflow = nodes.send(n, "POST", "/v1/counters/x", "{\"delta\": 1}");
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(json.readTree(overflow.body()).path("error").path("code").asText()).isEqualTo("counter_overflow");
        assertThat(counter(n, "x", "")).isEqualTo(Long.MAX_VALUE);
        assertThat(nodes.send(n, "POST", "/v1/items", "[{\"id\": 1, \"tenant\": \"a\"}, {\"id\": null, \"tenant\": \"a\"}]").statusCode()).isEqualTo(400);
        assertThat(nodes.getJson(n, "/v1/items/a/count").orElseThrow().path("count").asLong()).isZero();
        assertThat(nodes.send(n, "GET", "/v1/kv/absent", null).statusCode()).isEqualTo(404);
        assertThat(nodes.send(n, "GET", "/v1/nowhere", null).statusCode()).isEqualTo(404);
        assertThat(nodes.send(n, "PATCH", "/v1/kv/x", "b").statusCode()).isEqualTo(405);
        assertThat(nodes.send(n, "PUT", "/v1/kv/v", "b").statusCode()).isEqualTo(200);
        assertThat(nodes.send(n, "PUT", "/v1/kv/v", "c", "If-Match", "\"1\"").statusCode()).isEqualTo(409);
        assertThat(nodes.send(n, "GET", "/v1/counters/v", null).statusCode()).as("a value read as a counter").isEqualTo(409);
        assertThat(nodes.send(n, "PUT", "/v1/kv/big", "x".repeat(2 << 20)).statusCode()).isEqualTo(413);
        HttpResponse<String> ks = nodes.send(n, "GET", "/v1/ks/nope/counters/a", null);
        assertThat(ks.statusCode()).isEqualTo(404);
        assertThat(json.readTree(ks.body()).path("error").path("code").asText()).isEqualTo("keyspace_not_found");
    }
}
