package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code tally node} processes (from {@code tally.jar}, fsync on) forming a Raft group from a config file
 * of servers: every acknowledged increment, value and item survives kill -9 of the leader under write load and a
 * kill -9 of all nodes; a follower that was down while the log was compacted catches up by snapshot; bad input
 * over HTTP gets the error JSON. Every wait polls a condition up to a deadline; load loops stop by themselves.
 */
class StrongClusterIT {
    private static final long DEADLINE_MS = 60_000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private List<LocalCluster.Spec> specs;
    private Path config;

    @TempDir
    Path tmp;

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void plan(String... settings) throws IOException {
        specs = LocalCluster.plan(3, 0, tmp);
        StringBuilder yaml = new StringBuilder();
        for (String setting : settings) {
            yaml.append(setting).append('\n'); // top-level config keys, e.g. "snapshot-entries: 50"
        }
        yaml.append("members:\n");
        for (LocalCluster.Spec s : specs) {
            yaml.append("  - {id: ").append(s.id()).append(", peer: ").append(s.peer()).append(", http: ").append(s.http()).append("}\n");
        }
        config = tmp.resolve("tally.yaml");
        Files.writeString(config, yaml);
    }


    private void start(LocalCluster.Spec s) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar, "node", "--id", s.id(), "--data-dir", s.dataDir().toString(), "--config", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        running.put(s.id(), p);
    }

    private void kill9(LocalCluster.Spec s) throws InterruptedException {
        Process p = running.remove(s.id());
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    private HttpResponse<String> send(LocalCluster.Spec s, String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Optional<JsonNode> getJson(LocalCluster.Spec s, String path) {
        try {
            HttpResponse<String> r = send(s, "GET", path, null);
            return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<LocalCluster.Spec> leader() {
        for (LocalCluster.Spec s : specs) {
            if (running.containsKey(s.id()) && getJson(s, "/v1/cluster").map(c -> c.path("raft").path("role").asText()).orElse("").equals("leader")) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private long counter(LocalCluster.Spec s, String key, String query) {
        return getJson(s, "/v1/counters/" + key + query).map(n -> n.path("value").asLong()).orElse(-1L);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline-bounded wait
        }
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
                if (!running.containsKey(s.id())) {
                    continue;
                }
                try {
                    switch (i % 3) {
                        case 0 -> {
                            incAttempted.incrementAndGet();
                            if (send(s, "POST", "/v1/counters/acked", "{\"delta\": 1}").statusCode() == 200) {
                                incAcked.incrementAndGet();
                            }
                        }
                        case 1 -> {
                            String key = "w" + id + "-" + i;
                            if (send(s, "PUT", "/v1/kv/" + key, "v" + i).statusCode() == 200) {
                                valuesAcked.put(key, "v" + i);
                            }
                        }
                        default -> {
                            long item = id * 1_000_000L + i;
                            if (send(s, "POST", "/v1/items", "[{\"id\": " + item + ", \"tenant\": \"t\"}]").statusCode() == 200) {
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
            HttpResponse<String> r = send(at, "GET", "/v1/kv/" + e.getKey(), null);
            assertThat(r.statusCode()).as("acknowledged value %s", e.getKey()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(e.getValue());
        }
        long items = getJson(at, "/v1/items/t/count").orElseThrow().path("count").asLong();
        assertThat(items).as("item count holds every acknowledged item").isGreaterThanOrEqualTo(w.itemsAcked.size());
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKilledLeaderAndAKillOfAllNodes() throws Exception {
        plan();
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader", () -> leader().isPresent());
        Writers w = new Writers();
        w.start(4);
        await("some writes acknowledged", () -> w.incAcked.get() >= 20);
        LocalCluster.Spec old = leader().orElseThrow();
        kill9(old);
        await("a new leader among the other two", () -> leader().filter(l -> !l.id().equals(old.id())).isPresent());
        long ackedAtFailover = w.incAcked.get();
        await("writes acknowledged by the new leader", () -> w.incAcked.get() >= ackedAtFailover + 20);
        start(old);
        await("the old leader serves again", () -> getJson(old, "/v1/cluster").isPresent());
        w.stopAndJoin();
        assertThat(w.incAcked.get()).isPositive();
        for (LocalCluster.Spec s : specs) {
            await(s.id() + " reads the counter", () -> counter(s, "acked", "") >= 0);
            checkAcknowledged(w, s);
        }
        long before = counter(specs.get(0), "acked", "");
        for (LocalCluster.Spec s : specs) {
            kill9(s);
        }
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader after killing all", () -> leader().isPresent());
        for (LocalCluster.Spec s : specs) {
            await(s.id() + " reads after the restart", () -> counter(s, "acked", "") >= 0);
            assertThat(counter(s, "acked", "")).isEqualTo(before);
            checkAcknowledged(w, s);
        }
    }

    @Test
    void aFollowerDownDuringACompactionCatchesUpBySnapshot() throws Exception {
        plan("snapshot-entries: 50");
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader", () -> leader().isPresent());
        LocalCluster.Spec lead = leader().orElseThrow();
        LocalCluster.Spec follower = specs.stream().filter(s -> !s.id().equals(lead.id())).findFirst().orElseThrow();
        kill9(follower);
        for (int i = 0; i < 200; i++) {
            assertThat(send(lead, "POST", "/v1/counters/c", null).statusCode()).isEqualTo(200);
        }
        await("the leader compacted its log", () -> getJson(lead, "/v1/cluster").map(c -> c.path("raft").path("snapshot_index").asLong()).orElse(0L) >= 50);
        start(follower);
        await("the follower caught up", () -> counter(follower, "c", "?consistency=serializable") == 200);
        assertThat(getJson(follower, "/v1/cluster").orElseThrow().path("raft").path("snapshot_index").asLong()).isPositive();
        assertThat(Files.readString(follower.log())).contains("installed snapshot");
    }

    @Test
    void bootstrapExpectFormsTheGroupOnceThreeNodesSeeEachOtherAndARestartResumesIt() throws Exception {
        specs = LocalCluster.plan(3, 0, tmp);
        String jar = System.getProperty("tally.jar");
        List<String> base = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        base.addAll(List.of("-jar", jar, "node"));
        List<List<String>> commands = new ArrayList<>();
        for (LocalCluster.Spec s : specs) {
            List<String> cmd = new ArrayList<>(base);
            cmd.addAll(List.of("--id", s.id(), "--data-dir", s.dataDir().toString(), "--http", s.http().toString(),
                    "--peer", s.peer().toString(), "--bootstrap-expect", "3"));
            if (!s.id().equals("n1")) {
                cmd.addAll(List.of("--join", specs.get(0).peer().toString()));
            }
            commands.add(cmd);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3; i++) {
                Process p = new ProcessBuilder(commands.get(i)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(specs.get(i).log().toFile())).start();
                started.add(p);
                running.put(specs.get(i).id(), p);
            }
            await("a leader of all three", () -> leader().isPresent()
                    && getJson(specs.get(0), "/v1/cluster").map(c -> c.path("raft").path("voters").size()).orElse(0) == 3);
            assertThat(send(specs.get(2), "POST", "/v1/counters/boot", null).statusCode()).isEqualTo(200);
            if (round == 0) {
                for (LocalCluster.Spec s : specs) {
                    kill9(s);
                }
            }
        }
        assertThat(counter(specs.get(1), "boot", "")).isEqualTo(2);
    }

    /** Runs {@code tally ARGS} to completion (bounded) and returns its exit code and output. */
    private String[] cli(String... args) throws Exception {
        String jar = System.getProperty("tally.jar");
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "cli", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        assertThat(p.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("tally %s ended", List.of(args)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), Files.readString(log)};
    }

    @Test
    void clientCommandsAndBenchWorkThroughAnyEndpointAndSkipADeadOne() throws Exception {
        plan();
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader", () -> leader().isPresent());
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
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader", () -> leader().isPresent());
        LocalCluster.Spec n = specs.get(1);
        assertThat(send(n, "POST", "/v1/counters/x", "{\"delta\": ").statusCode()).isEqualTo(400);
        assertThat(send(n, "POST", "/v1/counters/x", "{\"delta\": \"one\"}").statusCode()).isEqualTo(400);
        assertThat(send(n, "POST", "/v1/counters/x", "{\"delta\": 9223372036854775807}").statusCode()).isEqualTo(200);
        HttpResponse<String> overflow = send(n, "POST", "/v1/counters/x", "{\"delta\": 1}");
        assertThat(overflow.statusCode()).isEqualTo(400);
        assertThat(json.readTree(overflow.body()).path("error").path("code").asText()).isEqualTo("counter_overflow");
        assertThat(counter(n, "x", "")).isEqualTo(Long.MAX_VALUE);
        assertThat(send(n, "POST", "/v1/items", "[{\"id\": 1, \"tenant\": \"a\"}, {\"id\": null, \"tenant\": \"a\"}]").statusCode()).isEqualTo(400);
        assertThat(getJson(n, "/v1/items/a/count").orElseThrow().path("count").asLong()).isZero();
        assertThat(send(n, "GET", "/v1/kv/absent", null).statusCode()).isEqualTo(404);
        assertThat(send(n, "GET", "/v1/nowhere", null).statusCode()).isEqualTo(404);
        assertThat(send(n, "PATCH", "/v1/kv/x", "b").statusCode()).isEqualTo(405);
        assertThat(send(n, "PUT", "/v1/kv/v", "b").statusCode()).isEqualTo(200);
        assertThat(send(n, "PUT", "/v1/kv/v", "c", "If-Match", "\"1\"").statusCode()).isEqualTo(409);
        assertThat(send(n, "GET", "/v1/counters/v", null).statusCode()).as("a value read as a counter").isEqualTo(409);
        assertThat(send(n, "PUT", "/v1/kv/big", "x".repeat(2 << 20)).statusCode()).isEqualTo(413);
        HttpResponse<String> ks = send(n, "GET", "/v1/ks/nope/counters/a", null);
        assertThat(ks.statusCode()).isEqualTo(404);
        assertThat(json.readTree(ks.body()).path("error").path("code").asText()).isEqualTo("keyspace_not_found");
    }
}
