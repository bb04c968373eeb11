package io.tally.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.server.config.NodeConfig;
import io.tally.server.config.NodeConfigLoader;
import io.tally.server.runtime.TallyNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three whole nodes in this JVM form a Raft group from the config's member list and serve the strong keyspace:
 * writes on any node (followers forward), linearizable reads on any node, idempotent retries, values with
 * versions, items, and the data survives a restart of every node.
 */
class StrongClusterTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<TallyNode> nodes = new ArrayList<>();
    private final List<NodeConfig> configs = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeEach
    void startThree() throws Exception {
        List<Integer> ports = freePorts(6);
        StringBuilder yaml = new StringBuilder("members:\n");
        for (int i = 0; i < 3; i++) {
            yaml.append("  - {id: n").append(i + 1).append(", peer: 127.0.0.1:").append(ports.get(3 + i))
                    .append(", http: 127.0.0.1:").append(ports.get(i)).append("}\n");
        }
        for (int i = 0; i < 3; i++) {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("id", "n" + (i + 1));
            flags.put("data-dir", tmp.resolve("n" + (i + 1)).toString());
            flags.put("fsync", "false");
            configs.add(NodeConfigLoader.load(flags, yaml.toString(), "test.yaml"));
        }
        for (NodeConfig c : configs) {
            nodes.add(TallyNode.start(c));
        }
        await("a leader", () -> leader() != null);
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(TallyNode::close);
    }

    @Test
    void incrementsOnEveryNodeAddUpAndReadTheSameEverywhere() throws Exception {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = send("POST", i % 3, "/v1/counters/hits", "{\"delta\": 2}", Map.of());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        for (int n = 0; n < 3; n++) {
            HttpResponse<String> r = send("GET", n, "/v1/counters/hits", null, Map.of());
            assertThat(json.readTree(r.body()).path("value").asLong()).isEqualTo(60);
        }
        assertThat(json.readTree(send("GET", 0, "/v1/counters/missing", null, Map.of()).body()).path("value").asLong()).isZero();
    }

    @Test
    void concurrentWritesOnFollowersGoToTheLeaderInBatchesAndEveryOneCountsOnce() throws Exception {
        // 300 increments in flight at once on the followers: they are forwarded in batches (one peer message per
        // flush) and answered in batches; reads in flight at once share ReadIndex rounds and never see less than
        // what was acknowledged before they started.
        int leader = leaderIndex();
        List<Integer> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != leader) {
                followers.add(i);
            }
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            writes.add(sendAsync("POST", followers.get(i % 2), "/v1/counters/burst", "{\"delta\": 1}"));
        }
        java.util.Set<Long> values = new java.util.TreeSet<>();
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> w : writes) {
            HttpResponse<String> r = w.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            values.add(json.readTree(r.body()).path("value").asLong());
        }
        assertThat(values).as("every increment saw its own new value").hasSize(300).first().isEqualTo(1L);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(sendAsync("GET", i % 3, "/v1/counters/burst", null));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> r : reads) {
            HttpResponse<String> got = r.get(30, TimeUnit.SECONDS);
            assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
            assertThat(json.readTree(got.body()).path("value").asLong()).isEqualTo(300);
        }
    }

    @Test
    void aRetriedIncrementWithTheSameIdempotencyKeyCountsOnce() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("POST", i, "/v1/counters/once", "{\"delta\": 5}", Map.of("Idempotency-Key", "abc-1"));
        }
        assertThat(json.readTree(send("GET", 1, "/v1/counters/once", null, Map.of()).body()).path("value").asLong()).isEqualTo(5);
    }

    @Test
    void valuesKeepTheirVersionContentTypeAndConditions() throws Exception {
        HttpResponse<String> put = send("PUT", 1, "/v1/kv/greeting", "hello", Map.of("Content-Type", "text/plain"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String etag = put.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> get = send("GET", 2, "/v1/kv/greeting", null, Map.of());
        assertThat(get.body()).isEqualTo("hello");
        assertThat(get.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(get.headers().firstValue("ETag")).contains(etag);
        assertThat(send("PUT", 0, "/v1/kv/greeting", "x", Map.of("If-Match", "\"999999\"")).statusCode()).isEqualTo(409);
        assertThat(send("PUT", 0, "/v1/kv/greeting", "x", Map.of("If-None-Match", "*")).statusCode()).isEqualTo(409);
        assertThat(send("PUT", 0, "/v1/kv/greeting", "bye", Map.of("If-Match", etag)).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", 2, "/v1/kv/greeting", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(send("GET", 1, "/v1/kv/greeting", null, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void itemsCountPerTenantAndAMovedIdLeavesItsOldTenant() throws Exception {
        assertThat(send("POST", 0, "/v1/items", "[{\"id\":1,\"tenant\":\"a\"},{\"ID\":2,\"tenant\":\"a\"},{\"id\":\"x\",\"tenant\":\"b\"}]", Map.of())
                .statusCode()).isEqualTo(200);
        assertThat(send("POST", 1, "/items", "[{\"id\":1,\"tenant\":\"b\"}]", Map.of()).statusCode()).isEqualTo(200);
        assertThat(json.readTree(send("GET", 2, "/v1/items/a/count", null, Map.of()).body()).path("count").asLong()).isEqualTo(1);
        assertThat(json.readTree(send("GET", 2, "/items/b/count", null, Map.of()).body()).path("count").asLong()).isEqualTo(2);
        HttpResponse<String> bad = send("POST", 0, "/v1/items", "[{\"id\":3,\"tenant\":\"a\"},{\"id\":true,\"tenant\":\"a\"}]", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(send("GET", 0, "/v1/items/a/count", null, Map.of()).body()).path("count").asLong()).isEqualTo(1);
    }

    @Test
    void theDataSurvivesARestartOfEveryNode() throws Exception {
        assertThat(send("POST", 0, "/v1/counters/kept", "{\"delta\": 7}", Map.of()).statusCode()).isEqualTo(200);
        nodes.forEach(TallyNode::close);
        nodes.clear();
        for (NodeConfig c : configs) {
            nodes.add(TallyNode.start(c));
        }
        await("a leader after the restart", () -> leader() != null, this::clusterViews);
        assertThat(json.readTree(send("GET", 2, "/v1/counters/kept", null, Map.of()).body()).path("value").asLong()).isEqualTo(7);
    }

    @Test
    void clusterShowsRoleTermIndexesAndLeader() throws Exception {
        JsonNode c = json.readTree(send("GET", 0, "/v1/cluster", null, Map.of()).body());
        assertThat(c.path("leader").asText()).isNotEmpty();
        assertThat(c.path("raft").path("term").asLong()).isPositive();
        assertThat(c.path("raft").path("commit_index").asLong()).isPositive();
        assertThat(c.path("raft").path("voters")).hasSize(3);
    }

    @Test
    void membersAreAddedAsLearnersPromotedRemovedAndLeadershipTransfers() throws Exception {
        assertThat(send("POST", 0, "/v1/counters/before", "{\"delta\": 3}", Map.of()).statusCode()).isEqualTo(200);
        int lead = leaderIndex();
        int other = (lead + 1) % 3;
        List<Integer> ports = freePorts(2);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("id", "n4");
        flags.put("data-dir", tmp.resolve("n4").toString());
        flags.put("fsync", "false");
        flags.put("http", "127.0.0.1:" + ports.get(0));
        flags.put("peer", "127.0.0.1:" + ports.get(1));
        flags.put("join", configs.get(other).peer().toString()); // not the leader: it must dial n4 itself
        NodeConfig c4 = NodeConfigLoader.load(flags, "", "");
        configs.add(c4);
        nodes.add(TallyNode.start(c4));
        // sent to a follower, which forwards it to the leader over HTTP (AdminForwarder)
        HttpResponse<String> add = send("POST", other, "/v1/cluster/members", "{\"id\": \"n4\"}", Map.of());
        assertThat(add.statusCode()).as(add.body()).isEqualTo(200);
        assertThat(add.headers().firstValue("Tally-Answered-By")).as("answered by the leader").contains("n" + (lead + 1));
        assertThat(json.readTree(add.body()).path("learners").toString()).contains("n4");
        // A write makes the leader append to n4 even if its first (empty) probe was sent before n4 was reachable:
        // tally-raft resends an empty probe only with new entries (reported to its owner).
        assertThat(send("POST", lead, "/v1/counters/before", null, Map.of()).statusCode()).isEqualTo(200);
        await("the learner n4 has the data", () -> readLocal(3, "before") == 4, this::clusterViews);

        HttpResponse<String> promote = send("POST", lead, "/v1/cluster/members/n4/promote", null, Map.of());
        assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
        await("n4 is a voter everywhere", () -> voters(3).size() == 4);
        assertThat(send("POST", 3, "/v1/counters/before", null, Map.of()).statusCode()).isEqualTo(200);

        await("the joint configuration is left", () -> status("DELETE", lead, "/v1/cluster/members/n4", null) == 200);
        await("n4 is removed", () -> voters(lead).size() == 3);

        String target = "n" + (other + 1);
        await("leadership transfer accepted", () -> leaderIndex() == other
                || status("POST", Math.max(0, leaderIndex()), "/v1/cluster/leader", "{\"id\": \"" + target + "\"}") == 202);
        await("the target leads", () -> leaderIndex() == other);
        assertThat(json.readTree(send("GET", 0, "/v1/counters/before", null, Map.of()).body()).path("value").asLong()).isEqualTo(5);
        assertThat(send("POST", other, "/v1/cluster/members", "{\"id\": 5}", Map.of()).statusCode()).isEqualTo(400);
    }

    private int status(String method, int node, String path, String body) {
        try {
            return send(method, node, path, body, Map.of()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private long readLocal(int node, String key) {
        try {
            return json.readTree(send("GET", node, "/v1/counters/" + key + "?consistency=serializable", null, Map.of()).body()).path("value").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private List<String> voters(int node) {
        try {
            List<String> out = new ArrayList<>();
            json.readTree(send("GET", node, "/v1/cluster", null, Map.of()).body()).path("raft").path("voters").forEach(v -> out.add(v.asText()));
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private int leaderIndex() {
        for (int i = 0; i < 3; i++) {
            try {
                if ("leader".equals(json.readTree(send("GET", i, "/v1/cluster", null, Map.of()).body()).path("raft").path("role").asText())) {
                    return i;
                }
            } catch (IOException e) {
                // not up
            }
        }
        return -1;
    }

    private String leader() {
        for (int i = 0; i < nodes.size(); i++) {
            try {
                JsonNode c = json.readTree(send("GET", i, "/v1/cluster", null, Map.of()).body());
                if ("leader".equals(c.path("raft").path("role").asText())) {
                    return c.path("raft").path("term").asText();
                }
            } catch (IOException e) {
                // not up yet
            }
        }
        return null;
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(String method, int node, String path, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + configs.get(node).http() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, int node, String path, String body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + configs.get(node).http() + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String clusterViews() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                b.append(send("GET", i, "/v1/cluster", null, Map.of()).body().replaceAll(",\"members\".*", "")).append('\n');
            } catch (IOException e) {
                b.append(e).append('\n');
            }
        }
        return b.toString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; state: " + state.get());
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling interval of a deadline-bounded wait
        }
    }

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
}
