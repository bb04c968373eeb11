package io.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.server.config.HostPort;
import io.tally.server.core.ApiReply;
import io.tally.server.core.MemberInfo;
import io.tally.server.core.MemberListMembership;
import io.tally.server.core.NodeCore;
import io.tally.server.core.NodeEvent;
import io.tally.server.core.NodeLoop;
import io.tally.server.core.PeerNetwork;
import io.tally.server.identity.NodeIdentity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP routes against a real node core and loop, on 127.0.0.1 with a free port. */
class HttpApiServerTest {

    private static final int BODY_MAX = 2048;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean refuse = new AtomicBoolean();
    private PrometheusMeterRegistry registry;
    private NodeLoop loop;
    private HttpApiServer server;

    @BeforeEach
    void start() throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MemberInfo self = new MemberInfo("n1", new HostPort("127.0.0.1", 7101),
            Optional.of(new HostPort("127.0.0.1", 7001)), Optional.empty());
        MemberInfo n2 = new MemberInfo("n2", new HostPort("127.0.0.1", 7102),
            Optional.of(new HostPort("127.0.0.1", 7002)), Optional.of(new HostPort("127.0.0.1", 7202)));
        MemberListMembership membership = new MemberListMembership(self, List.of(n2), List.of(), 4_000);
        PeerNetwork net = new PeerNetwork() {
            @Override
            public void connect(String nodeId, HostPort peer) {}

            @Override
            public void join(HostPort peer) {}

            @Override
            public boolean sendMembers(String toNodeId, List<MemberInfo> members) {
                return true;
            }
        };
        NodeIdentity identity = new NodeIdentity("n1", "tally", "c0ffee");
        NodeCore core = new NodeCore(identity, membership, net, registry::scrape, id -> identity);
        loop = new NodeLoop("n1", 16, core, () -> 0L, t -> { });
        loop.start();
        server = HttpApiServer.start(new InetSocketAddress("127.0.0.1", 0), BODY_MAX, 1, route -> {
            if (refuse.get()) {
                return Optional.empty();
            }
            CompletableFuture<ApiReply> f = new CompletableFuture<>();
            return loop.offer(new NodeEvent.ApiCall(route, f)) ? Optional.of(f) : Optional.empty();
        }, registry);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        loop.stop(5_000);
        registry.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path))
            .timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode error(HttpResponse<String> res, int status, String code) throws Exception {
        assertThat(res.statusCode()).isEqualTo(status);
        assertThat(res.headers().firstValue("content-type")).contains(ApiReply.JSON);
        JsonNode n = json.readTree(res.body());
        assertThat(n.path("error").path("code").asText()).isEqualTo(code);
        assertThat(n.path("error").path("message").asText()).isNotBlank();
        return n;
    }

    @Test
    void healthIsOkWhileServing() throws Exception {
        HttpResponse<String> res = send("GET", "/health", null);
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode n = json.readTree(res.body());
        assertThat(n.path("status").asText()).isEqualTo("ok");
        assertThat(n.path("node").asText()).isEqualTo("n1");
    }

    @Test
    void clusterListsSelfAndKnownMembersWithStateAndAddresses() throws Exception {
        HttpResponse<String> res = send("GET", "/v1/cluster", null);
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode n = json.readTree(res.body());
        assertThat(n.path("cluster").path("name").asText()).isEqualTo("tally");
        assertThat(n.path("cluster").path("id").asText()).isEqualTo("c0ffee");
        assertThat(n.path("self").path("id").asText()).isEqualTo("n1");
        assertThat(n.path("self").path("http").asText()).isEqualTo("127.0.0.1:7001");
        assertThat(n.path("self").path("peer").asText()).isEqualTo("127.0.0.1:7101");
        assertThat(n.path("self").path("resp").isNull()).isTrue();
        assertThat(n.has("leader") && n.get("leader").isNull()).isTrue();
        assertThat(n.path("term").asLong()).isZero();
        JsonNode members = n.path("members");
        assertThat(members).hasSize(2);
        assertThat(members.get(0).path("id").asText()).isEqualTo("n1");
        assertThat(members.get(0).path("state").asText()).isEqualTo("alive");
        assertThat(members.get(0).path("self").asBoolean()).isTrue();
        assertThat(members.get(1).path("id").asText()).isEqualTo("n2");
        assertThat(members.get(1).path("state").asText()).isEqualTo("suspect");
        assertThat(members.get(1).path("resp").asText()).isEqualTo("127.0.0.1:7202");
        assertThat(members.get(1).path("role").asText()).isEqualTo("member");
        // The unprefixed seed route answers the same.
        assertThat(send("GET", "/cluster", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsArePrometheusTextWithJvmAndHttpMeters() throws Exception {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        send("GET", "/health", null);
        HttpResponse<String> res = send("GET", "/metrics", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(res.body()).contains("jvm_memory_used_bytes")
            .contains("tally_http_requests_seconds_count{method=\"GET\",route=\"health\",status=\"200\"}");
    }

    @Test
    void unknownRoutesAre404() throws Exception {
        JsonNode n = error(send("GET", "/v1/nope", null), 404, "not_found");
        assertThat(n.path("error").path("message").asText()).contains("GET /v1/nope");
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> res = send("DELETE", "/v1/cluster", null);
        error(res, 405, "method_not_allowed");
        assertThat(res.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void unknownMethodsAreCountedAsOtherSoClientsCannotGrowTheSeries() throws Exception {
        error(send("FROB", "/health", null), 405, "method_not_allowed");
        assertThat(send("GET", "/metrics", null).body())
            .contains("method=\"OTHER\",route=\"health\",status=\"405\"")
            .doesNotContain("FROB");
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        HttpResponse<String> res = send("HEAD", "/health", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEmpty();
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        error(send("POST", "/v1/cluster", "x".repeat(BODY_MAX + 1)), 413, "payload_too_large");
        // A body within the limit reaches the router (405 here: the route takes no POST).
        error(send("POST", "/v1/cluster", "x".repeat(BODY_MAX)), 405, "method_not_allowed");
    }

    @Test
    void aFullNodeQueueIs503WithRetryAfter() throws Exception {
        refuse.set(true);
        HttpResponse<String> res = send("GET", "/health", null);
        error(res, 503, "overloaded");
        assertThat(res.headers().firstValue("retry-after")).contains("1");
    }

    @Test
    void healthIs503OnceTheNodeIsStopping() throws Exception {
        loop.offer(new NodeEvent.Stopping());
        HttpResponse<String> res = send("GET", "/health", null);
        error(res, 503, "unavailable");
    }
}
