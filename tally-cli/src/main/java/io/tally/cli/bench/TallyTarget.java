package io.tally.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A bench slot against Tally's HTTP API (DESIGN.md): {@code POST/GET /v1/counters/{key}}, {@code PUT/GET
 * /v1/kv/{key}}, {@code POST /v1/items} and {@code GET /v1/items/{tenant}/count}; {@code ?consistency=serializable}
 * for local reads. Keys must be URL-safe (the bench makes them so). Event loop of its connection only.
 */
public final class TallyTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DELTA_1 = "{\"delta\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final String SERIALIZABLE = "?consistency=serializable";

    private final HttpConnection conn;

    public TallyTarget(HttpConnection conn) {
        this.conn = conn;
    }

    @Override
    public HttpConnection connection() {
        return conn;
    }

    @Override
    public CompletableFuture<Outcome> increment(String key) {
        return outcome(conn.send(HttpMethod.POST, "/v1/counters/" + key, DELTA_1), false);
    }

    @Override
    public CompletableFuture<Outcome> readCounter(String key, boolean serializable) {
        return outcome(conn.send(HttpMethod.GET, "/v1/counters/" + key + (serializable ? SERIALIZABLE : ""), null), true);
    }

    @Override
    public CompletableFuture<Outcome> put(String key, byte[] value) {
        return outcome(conn.send(HttpMethod.PUT, "/v1/kv/" + key, value), false);
    }

    @Override
    public CompletableFuture<Outcome> readValue(String key, boolean serializable) {
        return outcome(conn.send(HttpMethod.GET, "/v1/kv/" + key + (serializable ? SERIALIZABLE : ""), null), true);
    }

    @Override
    public CompletableFuture<Outcome> addItem(String tenant, long id) {
        byte[] body = ("[{\"id\":" + id + ",\"tenant\":\"" + tenant + "\"}]").getBytes(StandardCharsets.UTF_8);
        return outcome(conn.send(HttpMethod.POST, "/v1/items", body), false);
    }

    @Override
    public CompletableFuture<Outcome> countItems(String tenant, boolean serializable) {
        return outcome(conn.send(HttpMethod.GET, "/v1/items/" + tenant + "/count" + (serializable ? SERIALIZABLE : ""), null), true);
    }

    @Override
    public CompletableFuture<Long> counterValue(String key) {
        return conn.send(HttpMethod.GET, "/v1/counters/" + key, null).thenApply(r -> {
            if (r.status() != 200) {
                throw new IllegalStateException("GET /v1/counters/" + key + " answered " + r.status() + ": " + r.text());
            }
            return parseCounter(r.body());
        });
    }

    /** The {@code value} of a counter answer {@code {"key":k,"value":v}}. */
    static long parseCounter(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.path("value").canConvertToLong()) {
                throw new IllegalArgumentException("expected {\"key\":..,\"value\":<number>}, got "
                    + new String(body, StandardCharsets.UTF_8));
            }
            return n.path("value").asLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("expected counter JSON, got " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static CompletableFuture<Outcome> outcome(CompletableFuture<HttpConnection.Reply> f, boolean read) {
        return f.handle((r, t) -> t == null && (r.status() / 100 == 2 || read && r.status() == 404) ? Outcome.OK : Outcome.FAILED);
    }
}
