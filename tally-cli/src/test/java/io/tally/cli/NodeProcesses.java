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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Real {@code tally node} processes from the shaded jar (system property {@code tally.jar}, set by failsafe) for the
 * multi-process integration tests. It owns the plan of nodes n1..nN on free 127.0.0.1 ports under one directory, a
 * config file {@code tally.yaml} there (optional top-level settings, then the members), every process it started
 * (each node's output appended to {@link LocalCluster.Spec#log()}) and one JDK {@link HttpClient} (2 s connect
 * timeout, a per-request timeout given at construction). {@link #close} stops everything it started: SIGTERM, then
 * SIGKILL for a process still alive after 10 s.
 *
 * <p>Threads: {@code start}, {@code restart}, {@code kill9}, {@code send}, {@code getJson}, {@code leader} and
 * {@code await} may be called from any thread (a test may restart a node from a helper thread while it uploads);
 * {@code close} belongs to the test thread once its helper threads are done. Every wait is bounded: {@link #await}
 * polls its condition every 100 ms until a {@link Duration}; process waits are in seconds as named.
 */
final class NodeProcesses implements AutoCloseable {
    private static final long POLL_MS = 100;

    private final List<LocalCluster.Spec> specs;
    private final Path config;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, List<String>> commands = new ConcurrentHashMap<>();

    /** Plans {@code count} nodes under {@code dir} and writes their config; requests prefer HTTP/2 (the JDK default). */
    NodeProcesses(Path dir, int count, Duration requestTimeout, String... settings) throws IOException {
        this(dir, count, requestTimeout, HttpClient.Version.HTTP_2, settings);
    }

    /**
     * Plans {@code count} nodes under {@code dir} and writes {@code dir/tally.yaml}: each of {@code settings} as a
     * top-level line (e.g. {@code "snapshot-entries: 50"}), then the members.
     */
    NodeProcesses(Path dir, int count, Duration requestTimeout, HttpClient.Version version, String... settings) throws IOException {
        specs = List.copyOf(LocalCluster.plan(count, 0, dir));
        StringBuilder yaml = new StringBuilder();
        for (String setting : settings) {
            yaml.append(setting).append('\n');
        }
        yaml.append("members:\n");
        for (LocalCluster.Spec s : specs) {
            yaml.append("  - {id: ").append(s.id()).append(", peer: ").append(s.peer()).append(", http: ").append(s.http()).append("}\n");
        }
        config = dir.resolve("tally.yaml");
        Files.writeString(config, yaml);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(version).build();
        this.requestTimeout = requestTimeout;
    }

    List<LocalCluster.Spec> specs() {
        return specs;
    }

    Path config() {
        return config;
    }

    HttpClient http() {
        return http;
    }

    /** {@code java}, the small-node JVM options of {@link LocalCluster#javaCommand()}, {@code jvmFlags}, {@code -jar tally.jar}. */
    static List<String> tally(String... jvmFlags) {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> java = LocalCluster.javaCommand();
        List<String> cmd = new ArrayList<>(java.subList(0, java.indexOf("-cp")));
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-jar", jar));
        return cmd;
    }

    /** Starts every planned node with the config file. */
    void startAll() throws IOException {
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
    }

    /** Starts {@code tally node} for {@code s} with the config file and extra JVM flags (e.g. {@code -Dkey=value}). */
    Process start(LocalCluster.Spec s, String... jvmFlags) throws IOException {
        return start(s, List.of(jvmFlags), List.of("--config", config.toString()));
    }

    /** Starts {@code tally node --id ID --data-dir DIR} followed by {@code nodeArgs}; {@link #restart} repeats it. */
    Process start(LocalCluster.Spec s, List<String> jvmFlags, List<String> nodeArgs) throws IOException {
        List<String> cmd = tally(jvmFlags.toArray(String[]::new));
        cmd.addAll(List.of("node", "--id", s.id(), "--data-dir", s.dataDir().toString()));
        cmd.addAll(nodeArgs);
        commands.put(s.id(), List.copyOf(cmd));
        return launch(s, cmd);
    }

    /** Starts a stopped node again with the command of its last {@code start}, on the same data dir and log. */
    Process restart(LocalCluster.Spec s) throws IOException {
        List<String> cmd = commands.get(s.id());
        if (cmd == null || running.containsKey(s.id())) {
            throw new IllegalStateException(s.id() + (cmd == null ? " was never started" : " is still running"));
        }
        return launch(s, cmd);
    }

    private Process launch(LocalCluster.Spec s, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        running.put(s.id(), p);
        return p;
    }

    /** Adds a process started elsewhere (a CLI run) to those {@link #close} stops. */
    Process track(Process p) {
        started.add(p);
        return p;
    }

    /** SIGKILLs the node's process and waits up to 10 s for it to exit. */
    void kill9(LocalCluster.Spec s) throws InterruptedException {
        Process p = running.remove(s.id());
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Whether the node was started and not killed since. */
    boolean running(LocalCluster.Spec s) {
        return running.containsKey(s.id());
    }

    /** Sends a request ({@code body} null for none; {@code headers} as name, value, ...) with the request timeout. */
    HttpResponse<String> send(LocalCluster.Spec s, String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(requestTimeout)
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

    /** GETs a path as JSON; empty when the node does not answer 200. */
    Optional<JsonNode> getJson(LocalCluster.Spec s, String path) {
        try {
            HttpResponse<String> r = send(s, "GET", path, null);
            return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first running node whose {@code /v1/cluster} says {@code raft.role} is {@code leader}. */
    Optional<LocalCluster.Spec> leader() {
        return specs.stream().filter(this::running)
            .filter(s -> getJson(s, "/v1/cluster").map(c -> c.path("raft").path("role").asText()).orElse("").equals("leader"))
            .findFirst();
    }

    /** Polls {@code condition} every 100 ms until it holds; past {@code timeout} prints the node logs' tails and fails. */
    void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadline) {
                dumpLogs();
            }
            assertThat(now).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(POLL_MS); // polling interval of a deadline-bounded wait
        }
    }

    /** Prints the end of every node's log (to the test's output file) so a failed wait shows what the nodes did. */
    private void dumpLogs() {
        for (LocalCluster.Spec s : specs) {
            try {
                List<String> lines = Files.readAllLines(s.log());
                System.out.println("---- " + s.id() + " log (last 40 lines)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            } catch (IOException e) {
                System.out.println("---- " + s.id() + " log unreadable: " + e);
            }
        }
    }

    /** Stops every process started here: SIGTERM to all, then SIGKILL for each still alive after 10 s. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
