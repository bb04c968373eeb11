package io.tally.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.server.core.ApiReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a cluster administration request that reached a follower on to the leader's HTTP address, once, so that
 * "any node takes any request" holds for {@code tally cluster ...} too. The follower marks the copy with
 * {@link #FORWARDED_HEADER}; a node never forwards a request that carries it (if leadership moved meanwhile, the
 * client gets the second node's 503 with {@code Retry-After}).
 *
 * <p>All I/O is asynchronous on the JDK HTTP client, whose work runs on a small pool of daemon threads: no Netty
 * I/O thread and no node loop thread ever waits for the leader. Every failure (no HTTP address known for the leader,
 * connection refused, timeout) becomes a 503 with {@code Retry-After}. Thread-safe; one shared instance per JVM
 * ({@link #shared()}).
 */
public final class AdminForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(AdminForwarder.class);

    /** Header that marks a forwarded copy; its value is the id of the node that forwarded it. */
    public static final String FORWARDED_HEADER = "Tally-Forwarded-By";
    /** Header of a forwarded reply naming the leader that answered it. */
    public static final String ANSWERED_BY_HEADER = "Tally-Answered-By";
    /** Header with which a follower names the leader in its 503 (set by the Raft driver). */
    public static final String LEADER_HEADER = "Tally-Leader";
    /** Longest wait for the leader's answer (above the leader's own 5 s request timeout, below the 10 s HTTP reply timeout). */
    public static final long FORWARD_TIMEOUT_MS = 8_000;
    /** Longest wait for a TCP connection to the leader. */
    public static final long CONNECT_TIMEOUT_MS = 2_000;
    private static final int THREADS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile AdminForwarder shared;

    private final HttpClient client;
    private final long timeoutMs;

    AdminForwarder(HttpClient client, long timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    /** The JVM-wide forwarder (created on first use; its threads are daemons). */
    public static AdminForwarder shared() {
        AdminForwarder f = shared;
        if (f == null) {
            synchronized (AdminForwarder.class) {
                f = shared;
                if (f == null) {
                    AtomicInteger n = new AtomicInteger();
                    ExecutorService exec = Executors.newFixedThreadPool(THREADS, r -> {
                        Thread t = new Thread(r, "admin-forward-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    HttpClient c = HttpClient.newBuilder().executor(exec).version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS)).followRedirects(HttpClient.Redirect.NEVER).build();
                    f = new AdminForwarder(c, FORWARD_TIMEOUT_MS);
                    shared = f;
                }
            }
        }
        return f;
    }

    /**
     * Whether a local answer to an admin request should be forwarded: it is the driver's "not the leader" 503 naming a
     * leader, and the request was not itself forwarded.
     */
    public static boolean shouldForward(ApiReply local, boolean requestWasForwarded) {
        return !requestWasForwarded && local.status() == 503 && local.headers().containsKey(LEADER_HEADER);
    }

    /**
     * The HTTP address ({@code host:port}) of member {@code nodeId} in a {@code /v1/cluster} body, if it lists one. A
     * wildcard host ({@code 0.0.0.0}, {@code [::]}: the member listens on every interface) is replaced by the host of
     * its peer address, which is always one the other members can reach. Pure; any thread.
     */
    public static Optional<String> httpAddressOf(byte[] clusterJson, String nodeId) {
        try {
            JsonNode root = JSON.readTree(clusterJson);
            for (JsonNode m : root.path("members")) {
                if (nodeId.equals(m.path("id").asText()) && m.path("http").isTextual() && !m.path("http").asText().isBlank()) {
                    String http = m.path("http").asText();
                    int colon = http.lastIndexOf(':');
                    String host = colon < 0 ? http : http.substring(0, colon);
                    String peer = m.path("peer").asText("");
                    int peerColon = peer.lastIndexOf(':');
                    if ((host.equals("0.0.0.0") || host.equals("[::]")) && colon >= 0 && peerColon > 0) {
                        return Optional.of(peer.substring(0, peerColon) + http.substring(colon));
                    }
                    return Optional.of(http);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends the request to {@code leaderHttp} marked as forwarded by {@code selfId}, and completes with the leader's
     * answer (status, content type, body, {@code Retry-After} and {@code Tally-Leader} headers kept) or a 503 with
     * {@code Retry-After} when the leader cannot be reached in time. Never blocks the caller.
     *
     * @param pathAndQuery the request URI as received, e.g. {@code /v1/cluster/members/n4/promote}
     */
    public CompletableFuture<ApiReply> forward(String selfId, String leaderId, String leaderHttp, String method,
            String pathAndQuery, byte[] body) {
        HttpRequest req;
        try {
            req = HttpRequest.newBuilder(URI.create("http://" + leaderHttp + pathAndQuery))
                .timeout(Duration.ofMillis(timeoutMs))
                .header(FORWARDED_HEADER, selfId)
                .header("Content-Type", "application/json")
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(unreachable(leaderId, leaderHttp, "bad address: " + e.getMessage()));
        }
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).handle((res, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.debug("forwarding {} {} to leader {} at {} failed: {}", method, pathAndQuery, leaderId, leaderHttp, cause.toString());
                return unreachable(leaderId, leaderHttp, cause instanceof HttpTimeoutException
                    ? "no answer within " + timeoutMs + " ms" : String.valueOf(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            }
            ApiReply reply = new ApiReply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(ApiReply.JSON),
                res.body(), java.util.Map.of()).withHeader(ANSWERED_BY_HEADER, leaderId);
            for (String h : new String[] {"Retry-After", LEADER_HEADER}) {
                Optional<String> v = res.headers().firstValue(h);
                if (v.isPresent()) {
                    reply = reply.withHeader(h, v.get());
                }
            }
            return reply;
        });
    }

    /**
     * What to answer for an admin request given the local node's answer: the local answer itself, unless it is a
     * follower's "not the leader" 503 for a request that was not forwarded already; then the leader's answer, found by
     * asking the local node for its cluster view (this node's id and the leader's HTTP address) and forwarding once.
     *
     * @param clusterView submits a {@code /v1/cluster} call to the local node (empty when its queue is full)
     */
    public CompletableFuture<ApiReply> relay(ApiReply local, boolean requestWasForwarded,
            java.util.function.Supplier<Optional<CompletableFuture<ApiReply>>> clusterView, String method, String pathAndQuery,
            byte[] body) {
        if (!shouldForward(local, requestWasForwarded)) {
            return CompletableFuture.completedFuture(local);
        }
        String leaderId = local.headers().get(LEADER_HEADER);
        Optional<CompletableFuture<ApiReply>> view = clusterView.get();
        if (view.isEmpty()) {
            return CompletableFuture.completedFuture(local);
        }
        return view.get().orTimeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS).thenCompose(cluster -> {
            Optional<String> http = httpAddressOf(cluster.body(), leaderId);
            if (http.isEmpty()) {
                return CompletableFuture.completedFuture(noAddress(leaderId));
            }
            String selfId = selfIdOf(cluster.body()).orElse("unknown");
            if (selfId.equals(leaderId)) {
                return CompletableFuture.completedFuture(local); // leadership came here meanwhile: the client retries
            }
            return forward(selfId, leaderId, http.get(), method, pathAndQuery, body);
        });
    }

    /** This node's id in a {@code /v1/cluster} body. */
    static Optional<String> selfIdOf(byte[] clusterJson) {
        try {
            JsonNode id = JSON.readTree(clusterJson).path("self").path("id");
            return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The 503 given when the leader named by the local driver has no known HTTP address. */
    public static ApiReply noAddress(String leaderId) {
        return ApiReply.error(503, "unavailable", "this node is not the leader and knows no HTTP address for the leader "
            + leaderId + "; retry shortly").withHeader("Retry-After", "1").withHeader(LEADER_HEADER, leaderId);
    }

    private static ApiReply unreachable(String leaderId, String leaderHttp, String why) {
        return ApiReply.error(503, "unavailable", "this node is not the leader and could not reach the leader " + leaderId
            + " at " + leaderHttp + ": " + why + "; retry shortly").withHeader("Retry-After", "1").withHeader(LEADER_HEADER, leaderId);
    }
}
