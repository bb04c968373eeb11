package io.tally.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.server.config.HostPort;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A set of local {@code tally node} child processes on 127.0.0.1, started from the same Java binary and
 * class path as this process. Used by {@code tally demo}; stops only the processes it started. Not
 * thread-safe except {@link #stopAll}, which may be called from a shutdown hook.
 */
final class LocalCluster {

    /** One planned node: id, addresses, data dir and log file. */
    record Spec(String id, HostPort http, HostPort peer, Path dataDir, Path log) {}

    /** A started node. */
    record Node(Spec spec, Process process) {}

    /**
     * What one node reports in {@code /v1/cluster}: member id to gossip state, the leader it knows (empty
     * string when none), its Raft role ({@code leader}, {@code follower}, ...; empty without Raft), term,
     * commit and applied index, and the number of voters in its configuration.
     */
    record View(String self, TreeMap<String, String> states, String leader, String role, long term,
                long commitIndex, long appliedIndex, int voters) {}

    private static final String LOOPBACK = "127.0.0.1";

    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private boolean stopped;

    /**
     * Plans {@code count} nodes n1..nN under {@code dir}. With {@code basePort} &gt; 0 node i gets HTTP
     * {@code basePort + i - 1} and peer {@code basePort + 100 + i - 1}; with 0, free ports are picked.
     */
    static List<Spec> plan(int count, int basePort, Path dir) throws IOException {
        List<Integer> free = basePort > 0 ? List.of() : freePorts(2 * count);
        List<Spec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int httpPort = basePort > 0 ? basePort + i : free.get(2 * i);
            int peerPort = basePort > 0 ? basePort + 100 + i : free.get(2 * i + 1);
            String id = "n" + (i + 1);
            out.add(new Spec(id, new HostPort(LOOPBACK, httpPort), new HostPort(LOOPBACK, peerPort),
                dir.resolve(id), dir.resolve(id + ".log")));
        }
        return out;
    }

    /** Ports free for TCP and UDP on 127.0.0.1, held open together so they are distinct. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> tcp = new ArrayList<>();
        List<DatagramSocket> udp = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            InetAddress lo = InetAddress.getByName(LOOPBACK);
            int attempts = 0;
            while (ports.size() < count && attempts++ < 10 * count) {
                ServerSocket s = new ServerSocket(0, 1, lo);
                tcp.add(s);
                try {
                    udp.add(new DatagramSocket(new InetSocketAddress(lo, s.getLocalPort())));
                    ports.add(s.getLocalPort());
                } catch (IOException udpBusy) {
                    // The UDP side of this port is taken: try another.
                }
            }
            if (ports.size() < count) {
                throw new IOException("could not find " + count + " free ports on " + LOOPBACK);
            }
            return ports;
        } finally {
            for (ServerSocket s : tcp) {
                s.close();
            }
            for (DatagramSocket d : udp) {
                d.close();
            }
        }
    }

    /** Starts a node process with the given extra {@code tally node} arguments. */
    Node start(Spec spec, List<String> extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of(Main.class.getName(), "node", "--id", spec.id(), "--data-dir", spec.dataDir().toString(),
            "--http", spec.http().toString(), "--peer", spec.peer().toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
        Node n = new Node(spec, pb.start());
        nodes.add(n);
        return n;
    }

    /** The java binary of this process, JVM options for a small node, and this class path. */
    static List<String> javaCommand() {
        String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xms32m", "-Xmx256m"));
        if (Runtime.version().feature() >= 24) {
            // Netty still uses sun.misc.Unsafe; JDK 24+ warns about it on every start unless allowed.
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** GETs a path of a node; empty when it does not answer 200 (yet). */
    Optional<JsonNode> get(Spec spec, String path) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://" + spec.http() + path))
                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? Optional.of(json.readTree(res.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The node's current view of the cluster, if it answers. */
    Optional<View> view(Spec spec) {
        return get(spec, "/v1/cluster").map(n -> {
            TreeMap<String, String> states = new TreeMap<>();
            for (JsonNode m : n.path("members")) {
                states.put(m.path("id").asText(), m.path("state").asText());
            }
            JsonNode raft = n.path("raft");
            return new View(n.path("self").path("id").asText(), states,
                n.path("leader").isTextual() ? n.path("leader").asText() : "", raft.path("role").asText(""),
                raft.path("term").asLong(n.path("term").asLong()), raft.path("commit_index").asLong(),
                raft.path("applied_index").asLong(), raft.path("voters").size());
        });
    }

    /** The first started node that has exited, if any. */
    Optional<Node> exited() {
        return nodes.stream().filter(n -> !n.process().isAlive()).findFirst();
    }

    /**
     * Stops every node: SIGTERM to all, then waits up to {@code graceMs} for each, then kills what is
     * left. Only processes started here are touched. Idempotent.
     *
     * @return the exit codes by node id (137 or the like for killed ones)
     */
    synchronized TreeMap<String, Integer> stopAll(long graceMs) {
        TreeMap<String, Integer> codes = new TreeMap<>();
        if (!stopped) {
            for (Node n : nodes) {
                n.process().destroy();
            }
        }
        stopped = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        for (Node n : nodes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!n.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    n.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
            codes.put(n.spec().id(), n.process().isAlive() ? -1 : n.process().exitValue());
        }
        return codes;
    }
}
