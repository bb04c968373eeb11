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
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot larger than the peer frame limit reaches a follower: three real {@code tally node} processes
 * ({@code -Xmx256m}, fsync on, a snapshot every 20 entries, 256 KiB chunks); one follower is killed, 2,000 values of
 * 4 KiB that do not compress are written (an archive of about 8 MiB, twice the 4 MiB frame limit), the follower
 * restarts, pulls the archive in chunks from the leader, and then serves every value byte for byte. Every wait polls
 * a condition up to a deadline; the load is bounded by its key count.
 */
class BigSnapshotIT {
    private static final long DEADLINE_MS = 90_000;
    private static final int KEYS = 2_000;
    private static final int VALUE_BYTES = 4_096;
    private static final long FRAME_BYTES_MAX = 4L << 20;
    /** Applied entries between snapshots (writes arriving together share an entry, so this is small). */
    private static final int SNAPSHOT_ENTRIES = 20;
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

    private void start(LocalCluster.Spec s) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.add("-Dtally.snapshot.chunkBytes=262144");
        cmd.addAll(List.of("-jar", jar, "node", "--id", s.id(), "--data-dir", s.dataDir().toString(), "--config", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        running.put(s.id(), p);
    }

    private HttpResponse<String> send(LocalCluster.Spec s, String method, String path, String body) throws IOException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Optional<JsonNode> cluster(LocalCluster.Spec s) {
        try {
            HttpResponse<String> r = send(s, "GET", "/v1/cluster", null);
            return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<LocalCluster.Spec> leader() {
        return specs.stream().filter(s -> running.containsKey(s.id()))
                .filter(s -> cluster(s).map(c -> c.path("raft").path("role").asText()).orElse("").equals("leader")).findFirst();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200); // polling interval of a deadline-bounded wait
        }
    }

    /** 4 KiB of printable bytes that do not compress, seeded by the key number. */
    private static String value(int k) {
        SplittableRandom r = new SplittableRandom(k * 0xBF58476D1CE4E5B9L);
        StringBuilder b = new StringBuilder(VALUE_BYTES);
        for (int i = 0; i < VALUE_BYTES; i++) {
            b.append((char) ('!' + r.nextInt(94)));
        }
        return b.toString();
    }

    @Test
    void aFollowerCatchesUpByASnapshotLargerThanTheFrameLimit() throws Exception {
        specs = LocalCluster.plan(3, 0, tmp);
        StringBuilder yaml = new StringBuilder("snapshot-entries: " + SNAPSHOT_ENTRIES + "\nmembers:\n");
        for (LocalCluster.Spec s : specs) {
            yaml.append("  - {id: ").append(s.id()).append(", peer: ").append(s.peer()).append(", http: ").append(s.http()).append("}\n");
        }
        config = tmp.resolve("tally.yaml");
        Files.writeString(config, yaml);
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        java.util.concurrent.atomic.AtomicReference<LocalCluster.Spec> found = new java.util.concurrent.atomic.AtomicReference<>();
        await("a leader", () -> leader().map(l -> {
            found.set(l);
            return true;
        }).orElse(false));
        LocalCluster.Spec lead = found.get();
        LocalCluster.Spec follower = specs.stream().filter(s -> !s.id().equals(lead.id())).findFirst().orElseThrow();
        Process p = running.remove(follower.id());
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                int key = k;
                statuses.add(writers.submit(() -> send(lead, "PUT", "/v1/kv/big-" + key, value(key)).statusCode()));
            }
            for (Future<Integer> f : statuses) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            writers.shutdownNow();
        }
        long written = cluster(lead).orElseThrow().path("raft").path("commit_index").asLong();
        await("the leader compacted its log past the writes", () -> cluster(lead).map(c -> c.path("raft").path("snapshot_index").asLong())
                .orElse(0L) > written - SNAPSHOT_ENTRIES);

        start(follower);
        await("the follower holds the last value", () -> {
            try {
                HttpResponse<String> r = send(follower, "GET", "/v1/kv/big-" + (KEYS - 1) + "?consistency=serializable", null);
                return r.statusCode() == 200 && r.body().equals(value(KEYS - 1));
            } catch (IOException e) {
                return false;
            }
        });
        for (int k = 0; k < KEYS; k++) {
            HttpResponse<String> r = send(follower, "GET", "/v1/kv/big-" + k + "?consistency=serializable", null);
            assertThat(r.statusCode()).as("big-%d on the follower", k).isEqualTo(200);
            assertThat(r.body()).as("big-%d on the follower", k).isEqualTo(value(k));
        }
        assertThat(cluster(follower).orElseThrow().path("raft").path("snapshot_index").asLong()).isPositive();
        String log = Files.readString(follower.log());
        Matcher m = Pattern.compile("staged and verified: (\\d+) bytes").matcher(log);
        assertThat(m.find()).as("the follower log says it staged a streamed snapshot:\n%s", log).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("archive bytes").isGreaterThan(FRAME_BYTES_MAX);
        assertThat(log).contains("installed snapshot");
        assertThat(Files.readString(lead.log())).contains("sending snapshot");
    }
}
