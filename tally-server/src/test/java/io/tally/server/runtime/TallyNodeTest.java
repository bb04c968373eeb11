package io.tally.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.server.NodeStartException;
import io.tally.server.config.HostPort;
import io.tally.server.config.NodeConfig;
import io.tally.server.config.NodeConfigLoader;
import io.tally.server.identity.DataDir;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole nodes in this JVM on 127.0.0.1: start, join, refusals, clean close. */
class TallyNodeTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<TallyNode> nodes = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void closeAll() {
        nodes.forEach(TallyNode::close);
    }

    /** Ports free for TCP and UDP on 127.0.0.1, distinct from each other. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<AutoCloseable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try {
            while (ports.size() < count) {
                ServerSocket s = new ServerSocket(0, 1, lo);
                held.add(s);
                try {
                    held.add(new DatagramSocket(new InetSocketAddress(lo, s.getLocalPort())));
                    ports.add(s.getLocalPort());
                } catch (IOException udpBusy) {
                    // try another port
                }
            }
            return ports;
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private NodeConfig config(String id, int httpPort, int peerPort, String... extra) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("id", id);
        flags.put("data-dir", tmp.resolve(id).toString());
        flags.put("http", "127.0.0.1:" + httpPort);
        flags.put("peer", "127.0.0.1:" + peerPort);
        for (int i = 0; i < extra.length; i += 2) {
            flags.put(extra[i], extra[i + 1]);
        }
        return NodeConfigLoader.load(flags, "", "");
    }

    private TallyNode start(NodeConfig c) {
        TallyNode n = TallyNode.start(c);
        nodes.add(n);
        return n;
    }

    private Optional<JsonNode> get(HostPort address, String path) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200 ? Optional.of(json.readTree(res.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String metrics(TallyNode n) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + n.config().http() + "/metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private Set<String> aliveOthers(TallyNode n) {
        Set<String> out = new TreeSet<>();
        get(n.config().http(), "/v1/cluster").ifPresent(c -> c.path("members").forEach(m -> {
            if (!m.path("self").asBoolean() && "alive".equals(m.path("state").asText())) {
                out.add(m.path("id").asText());
            }
        }));
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50); // polling interval of a deadline-bounded wait
        }
    }

    @Test
    void nodesJoinedThroughOneLearnEachOtherByGossip() throws Exception {
        List<Integer> p = freePorts(6);
        TallyNode n1 = start(config("n1", p.get(0), p.get(1)));
        String join = "127.0.0.1:" + p.get(1);
        TallyNode n2 = start(config("n2", p.get(2), p.get(3), "join", join));
        TallyNode n3 = start(config("n3", p.get(4), p.get(5), "join", join));
        await("n1 knows n2 and n3", () -> aliveOthers(n1).equals(Set.of("n2", "n3")));
        await("n2 knows n1 and n3", () -> aliveOthers(n2).equals(Set.of("n1", "n3")));
        await("n3 knows n1 and n2", () -> aliveOthers(n3).equals(Set.of("n1", "n2")));
        JsonNode view = get(n3.config().http(), "/v1/cluster").orElseThrow();
        JsonNode n2Entry = null;
        for (JsonNode m : view.path("members")) {
            if (m.path("id").asText().equals("n2")) {
                n2Entry = m;
            }
        }
        assertThat(n2Entry).isNotNull();
        assertThat(n2Entry.path("http").asText()).isEqualTo("127.0.0.1:" + p.get(2));
        assertThat(n2Entry.path("peer").asText()).isEqualTo("127.0.0.1:" + p.get(3));

        // n1 founded the cluster; n2 and n3 adopted its id and stored it.
        String clusterId = n1.identity().clusterId();
        assertThat(clusterId).isNotEmpty();
        await("n2 and n3 adopted n1's cluster id", () -> n2.identity().clusterId().equals(clusterId)
            && n3.identity().clusterId().equals(clusterId));
        assertThat(view.path("cluster").path("id").asText()).isEqualTo(clusterId);

        await("n1's metrics count 3 alive members", () -> metrics(n1).contains("tally_members{cluster=\"tally\",node=\"n1\",state=\"alive\"} 3.0"));

        n2.close(); // a graceful stop announces "left" by gossip before the transport closes
        await("n1 sees n2 gone", () -> aliveOthers(n1).equals(Set.of("n3")));
        await("n1's metrics count n2 as left", () -> metrics(n1).contains("state=\"left\"} 1.0"));
    }

    @Test
    void membersFromTheConfigFileAreDialedWithoutJoin() throws Exception {
        List<Integer> p = freePorts(4);
        String yaml = "members:\n"
            + "  - {id: a, peer: 127.0.0.1:" + p.get(1) + ", http: 127.0.0.1:" + p.get(0) + "}\n"
            + "  - {id: b, peer: 127.0.0.1:" + p.get(3) + ", http: 127.0.0.1:" + p.get(2) + "}\n";
        TallyNode a = start(NodeConfigLoader.load(Map.of("id", "a", "data-dir", tmp.resolve("a").toString()), yaml, "t.yaml"));
        TallyNode b = start(NodeConfigLoader.load(Map.of("id", "b", "data-dir", tmp.resolve("b").toString()), yaml, "t.yaml"));
        await("a knows b", () -> aliveOthers(a).equals(Set.of("b")));
        await("b knows a", () -> aliveOthers(b).equals(Set.of("a")));
    }

    @Test
    void theFounderIsTheNodeThatJoinsNoOneAndIsFirstInTheMembersList() {
        String members = "members:\n  - {id: a, peer: 127.0.0.1:1}\n  - {id: b, peer: 127.0.0.1:2}\n";
        assertThat(TallyNode.founds(NodeConfigLoader.load(Map.of("data-dir", "d"), "", ""))).isTrue();
        assertThat(TallyNode.founds(NodeConfigLoader.load(Map.of("data-dir", "d", "join", "127.0.0.1:9"), "", ""))).isFalse();
        assertThat(TallyNode.founds(NodeConfigLoader.load(Map.of("data-dir", "d", "id", "a"), members, "t"))).isTrue();
        assertThat(TallyNode.founds(NodeConfigLoader.load(Map.of("data-dir", "d", "id", "b"), members, "t"))).isFalse();
    }

    @Test
    void closeReleasesTheDataDirAndThePorts() throws Exception {
        List<Integer> p = freePorts(2);
        NodeConfig c = config("n1", p.get(0), p.get(1));
        TallyNode n1 = TallyNode.start(c);
        await("the node is healthy (a single-voter group elected itself)", () -> get(c.http(), "/health").isPresent());
        n1.close();
        n1.close(); // idempotent
        assertThat(n1.exitCode()).isZero();
        DataDir.open(c.dataDir(), Optional.of("n1"), "tally", true, new SecureRandom()).close();
        TallyNode again = start(c);
        assertThat(again.identity()).isEqualTo(n1.identity());
        await("the node is healthy (a single-voter group elected itself)", () -> get(c.http(), "/health").isPresent());
    }

    @Test
    void busyPortsAreRefusedNamingTheAddressAndLeaveNothingLocked() throws Exception {
        List<Integer> p = freePorts(4);
        start(config("n1", p.get(0), p.get(1)));

        NodeConfig httpClash = config("n2", p.get(0), p.get(3));
        assertThatThrownBy(() -> TallyNode.start(httpClash))
            .isInstanceOf(NodeStartException.class)
            .hasMessage("cannot listen on 127.0.0.1:" + p.get(0) + " (--http): address already in use")
            .satisfies(e -> assertThat(((NodeStartException) e).exitCode()).isEqualTo(1));
        NodeConfig peerClash = config("n2", p.get(2), p.get(1));
        assertThatThrownBy(() -> TallyNode.start(peerClash))
            .isInstanceOf(NodeStartException.class)
            .hasMessageStartingWith("cannot listen on 127.0.0.1:" + p.get(1) + " (--peer): ");
        // Both refusals released n2's data dir and its other port.
        TallyNode n2 = start(config("n2", p.get(2), p.get(3)));
        await("n2 is healthy (a single-voter group elected itself)", () -> get(n2.config().http(), "/health").isPresent());
    }

    @Test
    void aSecondNodeOnALockedDataDirIsRefused() throws Exception {
        List<Integer> p = freePorts(4);
        start(config("n1", p.get(0), p.get(1)));
        assertThatThrownBy(() -> TallyNode.start(config("n1", p.get(2), p.get(3))))
            .isInstanceOf(NodeStartException.class)
            .hasMessageContaining("is in use by another running node");
    }
}
