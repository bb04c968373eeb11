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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code tally node} processes (from {@code tally.jar}) with {@code --snapshot-entries 50}: a leadership
 * transfer sent to a follower is forwarded to the leader and takes effect; {@code /health} is 200 on every node once a
 * leader is known and 503 naming {@code raft_leader} on a node left without a quorum; every node serves the dashboard;
 * the leader snapshots after 50 applied entries. Every wait polls a condition up to a deadline.
 */
class AdminOnFollowerIT {
    private static final long DEADLINE_MS = 60_000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
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

    private Process start(LocalCluster.Spec s) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar, "node", "--id", s.id(), "--data-dir", s.dataDir().toString(), "--config", config.toString(),
            "--snapshot-entries", "50", "--fsync", "false"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        return p;
    }

    private HttpResponse<String> send(LocalCluster.Spec s, String method, String path, String body) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(Duration.ofSeconds(15))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
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

    /** The leader every node agrees on, if they all do. */
    private Optional<String> agreedLeader() {
        String agreed = null;
        for (LocalCluster.Spec s : specs) {
            Optional<JsonNode> c = cluster(s);
            if (c.isEmpty() || c.get().path("leader").isNull() || c.get().path("leader").isMissingNode()) {
                return Optional.empty();
            }
            String l = c.get().path("leader").asText();
            if (agreed != null && !agreed.equals(l)) {
                return Optional.empty();
            }
            agreed = l;
        }
        return Optional.ofNullable(agreed);
    }

    private int health(LocalCluster.Spec s) {
        try {
            return send(s, "GET", "/health", null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline-bounded wait
        }
    }

    private LocalCluster.Spec spec(String id) {
        return specs.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aFollowerTakesALeadershipTransferAndHealthFollowsTheLeader() throws Exception {
        specs = LocalCluster.plan(3, 0, tmp);
        StringBuilder yaml = new StringBuilder("members:\n");
        for (LocalCluster.Spec s : specs) {
            yaml.append("  - {id: ").append(s.id()).append(", peer: ").append(s.peer()).append(", http: ").append(s.http()).append("}\n");
        }
        config = tmp.resolve("tally.yaml");
        Files.writeString(config, yaml);
        List<Process> procs = new ArrayList<>();
        for (LocalCluster.Spec s : specs) {
            procs.add(start(s));
        }
        await("all nodes agree on a leader", () -> agreedLeader().isPresent());
        await("every node is healthy", () -> specs.stream().allMatch(s -> health(s) == 200));

        String oldLeader = agreedLeader().orElseThrow();
        List<LocalCluster.Spec> followers = specs.stream().filter(s -> !s.id().equals(oldLeader)).toList();
        LocalCluster.Spec via = followers.get(0);
        String target = followers.get(1).id();
        HttpResponse<String> res = send(via, "POST", "/v1/cluster/leader", "{\"id\": \"" + target + "\"}");
        assertThat(res.statusCode()).as("transfer sent to follower %s: %s", via.id(), res.body()).isEqualTo(202);
        assertThat(res.headers().firstValue("Tally-Answered-By")).contains(oldLeader);
        await("leadership moved to " + target, () -> agreedLeader().equals(Optional.of(target)));

        // The leader snapshots every 50 applied entries (--snapshot-entries 50).
        LocalCluster.Spec leader = spec(target);
        for (int i = 0; i < 60; i++) {
            assertThat(send(leader, "POST", "/v1/counters/c", null).statusCode()).isEqualTo(200);
        }
        await("the leader took a snapshot", () -> cluster(leader).map(c -> c.path("raft").path("snapshot_index").asLong()).orElse(0L) > 0);

        HttpResponse<String> page = send(via, "GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");

        // Without a quorum the remaining node knows no leader: /health says so.
        for (int i = 0; i < specs.size(); i++) {
            if (!specs.get(i).id().equals(via.id())) {
                procs.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        await(via.id() + " reports no leader", () -> health(via) == 503);
        JsonNode body = json.readTree(send(via, "GET", "/health", null).body());
        assertThat(body.path("failed").asText()).isEqualTo("raft_leader");
        assertThat(body.path("node").asText()).isEqualTo(via.id());
    }
}
