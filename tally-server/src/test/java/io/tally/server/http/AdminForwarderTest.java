package io.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.server.core.ApiReply;
import io.tally.server.core.ApiRoute;
import io.tally.server.raft.AdminOp;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster change sent to a follower is forwarded to the leader's HTTP address once and answered with the leader's
 * reply; a forwarded request is never forwarded again; an unreachable or unknown leader is a 503 with Retry-After.
 * Two real HTTP servers on 127.0.0.1 whose node side is a stub.
 */
class AdminForwarderTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpApiServer> servers = new CopyOnWriteArrayList<>();

    /** A node stub: answers admin ops with {@code admin}, and /v1/cluster with its id and the given member addresses. */
    private final class StubNode implements ApiDispatcher {
        final String id;
        final Function<AdminOp, ApiReply> admin;
        final AtomicInteger adminCalls = new AtomicInteger();
        final AtomicInteger clusterCalls = new AtomicInteger();
        volatile Map<String, String> httpOf = Map.of();
        final List<AdminOp> ops = new CopyOnWriteArrayList<>();
        HttpApiServer server;

        StubNode(String id, Function<AdminOp, ApiReply> admin) throws Exception {
            this.id = id;
            this.admin = admin;
            this.server = HttpApiServer.start(new InetSocketAddress("127.0.0.1", 0), 4096, 1, this, new SimpleMeterRegistry());
            servers.add(server);
        }

        String http() {
            return "127.0.0.1:" + server.localAddress().getPort();
        }

        @Override
        public Optional<CompletableFuture<ApiReply>> submit(ApiRoute route) {
            clusterCalls.incrementAndGet();
            var root = json.createObjectNode();
            root.putObject("self").put("id", id);
            var members = root.putArray("members");
            httpOf.forEach((member, http) -> members.addObject().put("id", member).put("http", http));
            return Optional.of(CompletableFuture.completedFuture(ApiReply.json(200, root)));
        }

        @Override
        public Optional<CompletableFuture<ApiReply>> submitAdmin(AdminOp op) {
            adminCalls.incrementAndGet();
            ops.add(op);
            return Optional.of(CompletableFuture.completedFuture(admin.apply(op)));
        }
    }

    private static ApiReply notLeader(String leader) {
        ApiReply r = ApiReply.error(503, "not_leader", "cluster changes go to the leader").withHeader("Retry-After", "1");
        return leader == null ? r : r.withHeader("Tally-Leader", leader);
    }

    @AfterEach
    void stop() {
        servers.forEach(HttpApiServer::close);
    }

    private HttpResponse<String> post(StubNode n, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + n.http() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFollowerForwardsTheChangeToTheLeaderOnceAndReturnsTheLeadersAnswer() throws Exception {
        StubNode leader = new StubNode("n2", op -> ApiReply.json(200, Map.of("voters", List.of("n1", "n2", "n3"))));
        StubNode follower = new StubNode("n1", op -> notLeader("n2"));
        follower.httpOf = Map.of("n1", follower.http(), "n2", leader.http());

        HttpResponse<String> res = post(follower, "/v1/cluster/members", "{\"id\": \"n3\", \"role\": \"voter\"}");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Tally-Answered-By")).contains("n2");
        assertThat(json.readTree(res.body()).path("voters")).hasSize(3);
        assertThat(leader.ops).hasSize(1);
        assertThat(leader.ops.get(0)).isEqualTo(follower.ops.get(0)).as("the leader parsed the same operation");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgainEvenIfTheLeaderMoved() throws Exception {
        StubNode n2 = new StubNode("n2", op -> notLeader("n1")); // leadership moved back to n1 meanwhile
        StubNode n1 = new StubNode("n1", op -> notLeader("n2"));
        n1.httpOf = Map.of("n1", n1.http(), "n2", n2.http());
        n2.httpOf = n1.httpOf;

        HttpResponse<String> res = post(n1, "/v1/cluster/leader", "{\"id\": \"n3\"}");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("retry-after")).contains("1");
        assertThat(res.headers().firstValue("Tally-Answered-By")).contains("n2");
        assertThat(json.readTree(res.body()).path("error").path("code").asText()).isEqualTo("not_leader");
        assertThat(n1.adminCalls.get()).isEqualTo(1);
        assertThat(n2.adminCalls.get()).isEqualTo(1);
        assertThat(n2.clusterCalls.get()).as("n2 did not look for a leader to forward to").isZero();
    }

    @Test
    void anUnreachableLeaderIs503WithRetryAfter() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        StubNode follower = new StubNode("n1", op -> notLeader("n2"));
        follower.httpOf = Map.of("n2", "127.0.0.1:" + closedPort);

        HttpResponse<String> res = post(follower, "/v1/cluster/members/n3/promote", "");

        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("retry-after")).contains("1");
        assertThat(res.headers().firstValue("Tally-Leader")).contains("n2");
        JsonNode err = json.readTree(res.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo("unavailable");
        assertThat(err.path("message").asText()).contains("could not reach the leader n2 at 127.0.0.1:" + closedPort);
    }

    @Test
    void withoutALeaderOrItsAddressTheFollowerAnswers503ItselfWithRetryAfter() throws Exception {
        StubNode noLeader = new StubNode("n1", op -> notLeader(null));
        HttpResponse<String> res = post(noLeader, "/v1/cluster/leader", "{\"id\": \"n3\"}");
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("retry-after")).contains("1");
        assertThat(noLeader.clusterCalls.get()).as("no leader named: nothing to look up").isZero();

        StubNode unknownAddress = new StubNode("n1", op -> notLeader("n9"));
        res = post(unknownAddress, "/v1/cluster/leader", "{\"id\": \"n3\"}");
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(res.headers().firstValue("retry-after")).contains("1");
        assertThat(json.readTree(res.body()).path("error").path("message").asText()).contains("no HTTP address for the leader n9");
    }

    @Test
    void theLeadersHttpAddressComesFromTheClusterView() {
        byte[] body = "{\"self\":{\"id\":\"n1\"},\"members\":[{\"id\":\"n1\",\"http\":\"h:1\"},{\"id\":\"n2\",\"http\":null}]}".getBytes();
        assertThat(AdminForwarder.httpAddressOf(body, "n1")).contains("h:1");
        assertThat(AdminForwarder.httpAddressOf(body, "n2")).isEmpty();
        assertThat(AdminForwarder.httpAddressOf("not json".getBytes(), "n1")).isEmpty();
        assertThat(AdminForwarder.selfIdOf(body)).contains("n1");
        byte[] wildcard = ("{\"members\":[{\"id\":\"n1\",\"peer\":\"10.0.0.5:7101\",\"http\":\"0.0.0.0:7001\"},"
            + "{\"id\":\"n2\",\"peer\":\"[fd00::2]:7101\",\"http\":\"[::]:7001\"}]}").getBytes();
        assertThat(AdminForwarder.httpAddressOf(wildcard, "n1")).as("a wildcard host takes the peer host").contains("10.0.0.5:7001");
        assertThat(AdminForwarder.httpAddressOf(wildcard, "n2")).contains("[fd00::2]:7001");
    }
}
