package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code tally node} processes from the built {@code tally.jar} (system property {@code tally.jar},
 * set by failsafe), on 127.0.0.1 with free ports. Every wait polls a condition up to a deadline.
 */
class NodeProcessesIT {

    private static final long DEADLINE_MS = 60_000;
    private static final long DEMO_DEADLINE_MS = 120_000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();

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

    private static List<String> tally(String... args) {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process start(Path log, String... args) throws IOException {
        Process p = new ProcessBuilder(tally(args)).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        started.add(p);
        return p;
    }

    private Process node(LocalCluster.Spec s, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("node", "--id", s.id(), "--data-dir", s.dataDir().toString(),
            "--http", s.http().toString(), "--peer", s.peer().toString()));
        args.addAll(List.of(extra));
        return start(s.log(), args.toArray(String[]::new));
    }

    /** Runs a command to completion (bounded) and returns exit code and output. */
    private record Result(int code, String output) {}

    private Result run(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "run", ".log");
        Process p = start(log, args);
        assertThat(p.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS)).as("command %s ended", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Optional<JsonNode> get(LocalCluster.Spec s, String path) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://" + s.http() + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? Optional.of(json.readTree(res.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Set<String> aliveOthers(LocalCluster.Spec s) {
        Set<String> out = new TreeSet<>();
        get(s, "/v1/cluster").ifPresent(n -> n.path("members").forEach(m -> {
            if (!m.path("self").asBoolean() && "alive".equals(m.path("state").asText())) {
                out.add(m.path("id").asText());
            }
        }));
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline-bounded wait
        }
    }

    @Test
    void threeNodesJoinedThroughN1EachListTheOtherTwoAndSigtermStopsOneCleanly() throws Exception {
        List<LocalCluster.Spec> specs = LocalCluster.plan(3, 0, tmp);
        LocalCluster.Spec n1 = specs.get(0);
        LocalCluster.Spec n2 = specs.get(1);
        LocalCluster.Spec n3 = specs.get(2);
        node(n1);
        Process p2 = node(n2, "--join", n1.peer().toString());
        node(n3, "--join", n1.peer().toString());

        await("n1 lists n2 and n3", () -> aliveOthers(n1).equals(Set.of("n2", "n3")));
        await("n2 lists n1 and n3", () -> aliveOthers(n2).equals(Set.of("n1", "n3")));
        await("n3 lists n1 and n2", () -> aliveOthers(n3).equals(Set.of("n1", "n2")));
        JsonNode cluster = get(n2, "/v1/cluster").orElseThrow();
        String founded = get(n1, "/v1/cluster").orElseThrow().path("cluster").path("id").asText();
        assertThat(founded).as("n1 founded the cluster and generated its id").isNotEmpty();
        await("n2 and n3 adopted n1's cluster id", () -> specs.stream().allMatch(s ->
            get(s, "/v1/cluster").map(c -> c.path("cluster").path("id").asText()).orElse("").equals(founded)));
        assertThat(cluster.path("self").path("http").asText()).isEqualTo(n2.http().toString());
        assertThat(get(n3, "/health").orElseThrow().path("status").asText()).isEqualTo("ok");

        p2.destroy(); // SIGTERM
        assertThat(p2.waitFor(30, TimeUnit.SECONDS)).as("n2 stops within 30 s of SIGTERM").isTrue();
        assertThat(p2.exitValue()).as("n2 exit code after SIGTERM; log:%n%s", Files.readString(n2.log())).isZero();
        try (FileChannel ch = FileChannel.open(n2.dataDir().resolve("LOCK"), StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            assertThat(lock).as("n2's data-dir lock is released").isNotNull();
        }
        await("n1 no longer lists n2 as alive", () -> aliveOthers(n1).equals(Set.of("n3")));
        assertThat(Files.readString(n2.log())).contains("node n2 stopped").doesNotContain("Exception");

        // Restarted on the same data dir, n2 keeps its identity (no --id) and rejoins.
        String clusterId = cluster.path("cluster").path("id").asText();
        List<String> args = List.of("node", "--data-dir", n2.dataDir().toString(), "--http", n2.http().toString(),
            "--peer", n2.peer().toString(), "--join", n1.peer().toString());
        start(n2.log(), args.toArray(String[]::new));
        await("restarted n2 lists n1 and n3", () -> aliveOthers(n2).equals(Set.of("n1", "n3")));
        assertThat(get(n2, "/v1/cluster").orElseThrow().path("cluster").path("id").asText()).isEqualTo(clusterId);
    }

    @Test
    void aSecondNodeOnABusyPortOrALockedDataDirExitsWithAOneLineError() throws Exception {
        List<LocalCluster.Spec> specs = LocalCluster.plan(2, 0, tmp);
        LocalCluster.Spec n1 = specs.get(0);
        LocalCluster.Spec other = specs.get(1);
        node(n1);
        await("n1 serves", () -> get(n1, "/health").isPresent());

        Result busy = run("node", "--id", "x", "--data-dir", other.dataDir().toString(),
            "--http", n1.http().toString(), "--peer", other.peer().toString());
        assertThat(busy.code()).isEqualTo(1);
        assertThat(busy.output()).contains("tally node: cannot listen on " + n1.http() + " (--http): address already in use")
            .doesNotContain("Exception").doesNotContain("\tat ");

        Result locked = run("node", "--id", "n1", "--data-dir", n1.dataDir().toString(),
            "--http", other.http().toString(), "--peer", other.peer().toString());
        assertThat(locked.code()).isEqualTo(1);
        assertThat(locked.output()).contains("is in use by another running node").doesNotContain("\tat ");

        Result badConfig = run("node", "--data-dir", other.dataDir().toString(), "--gossip-fanout", "0");
        assertThat(badConfig.code()).isEqualTo(2);
        assertThat(badConfig.output().strip())
            .isEqualTo("tally node: --gossip-fanout: expected an integer between 1 and 64, got '0'");
    }

    @Test
    void theDemoElectsALeaderAllNodesAgreeOnAndEveryNodeReadsTheSampleCounterExactlyOnce() throws Exception {
        // Its own bounded wait (not run()) so that a demo that hangs shows what it printed so far.
        Path log = Files.createTempFile(tmp, "demo", ".log");
        Process p = start(log, "demo", "--duration", "1s");
        boolean ended = p.waitFor(DEMO_DEADLINE_MS, TimeUnit.MILLISECONDS);
        Result demo = new Result(ended ? p.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
        assertThat(ended).as("demo ended within %d s; its output:%n%s", DEMO_DEADLINE_MS / 1000, demo.output()).isTrue();
        assertThat(demo.code()).as("demo output:%n%s", demo.output()).isZero();
        Matcher leader = Pattern.compile("Leader (n[123]) \\(term (\\d+)\\), agreed by all 3 nodes").matcher(demo.output());
        assertThat(leader.find()).as("leader line in:%n%s", demo.output()).isTrue();
        String id = leader.group(1);
        String term = leader.group(2);
        for (String n : List.of("n1", "n2", "n3")) {
            // Every row: node, its role, the leader's term, the same commit and applied index, its endpoints.
            assertThat(demo.output()).as("row of %s", n).containsPattern(n + " +" + (n.equals(id) ? "leader" : "follower")
                + " +" + term + " +(\\d+)/\\1 +http://127\\.0\\.0\\.1:\\d+ +127\\.0\\.0\\.1:\\d+ +\\d+");
        }
        assertThat(demo.output())
            .contains("300 increments, 30 of them sent twice with the same Idempotency-Key")
            .contains("a stale If-Match")
            .contains("acme 2, globex 2")
            .contains("linearizable reads of demo-hits: n1 300, n2 300, n3 300")
            .contains("Every node answers 300")
            .containsPattern("curl http://127\\.0\\.0\\.1:\\d+/v1/cluster")
            .contains("Stopped n1 (clean), n2 (clean), n3 (clean).");
    }
}
