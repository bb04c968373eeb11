package io.tally.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.TreeMap;

/**
 * Just enough of etcd 3.4's JSON gateway for the bench tests: put, range and the compare-mod-revision txn of the
 * CAS loop, over an in-memory map with a global revision, answering the way the real gateway does (zero values left
 * out, revisions as strings). Runs on one {@link FakeHttpServer} event loop, so it needs no locks.
 */
final class FakeEtcd {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Kv(String valueB64, long modRevision) {}

    private final TreeMap<String, Kv> data = new TreeMap<>();
    private long revision = 1;
    private int txns;
    private int failedTxns;

    synchronized FakeHttpServer.Action handle(FakeHttpServer.Request r) {
        try {
            JsonNode body = JSON.readTree(r.body());
            return switch (r.uri()) {
                case EtcdJson.PUT -> {
                    data.put(body.path("key").asText(), new Kv(body.path("value").asText(), ++revision));
                    yield FakeHttpServer.answer(200, header());
                }
                case EtcdJson.RANGE -> FakeHttpServer.answer(200, range(body.path("key").asText()));
                case EtcdJson.TXN -> txn(body);
                default -> FakeHttpServer.answer(404, "404 page not found");
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakeHttpServer.Action txn(JsonNode body) {
        txns++;
        JsonNode cmp = body.path("compare").get(0);
        String key = cmp.path("key").asText();
        long want = cmp.path("mod_revision").asLong(0);
        Kv kv = data.get(key);
        long have = kv == null ? 0 : kv.modRevision();
        if (!"MOD".equals(cmp.path("target").asText()) || have != want) {
            failedTxns++;
            String rangeAnswer = range(body.path("failure").get(0).path("request_range").path("key").asText());
            return FakeHttpServer.answer(200, "{\"header\":{\"revision\":\"" + revision + "\"},\"responses\":[{\"response_range\":"
                + rangeAnswer + "}]}");
        }
        JsonNode put = body.path("success").get(0).path("request_put");
        data.put(put.path("key").asText(), new Kv(put.path("value").asText(), ++revision));
        return FakeHttpServer.answer(200, "{\"header\":{\"revision\":\"" + revision + "\"},\"succeeded\":true,"
            + "\"responses\":[{\"response_put\":{\"header\":{\"revision\":\"" + revision + "\"}}}]}");
    }

    private String header() {
        return "{\"header\":{\"cluster_id\":\"1\",\"revision\":\"" + revision + "\"}}";
    }

    private String range(String keyB64) {
        Kv kv = data.get(keyB64);
        if (kv == null) {
            return header();
        }
        return "{\"header\":{\"revision\":\"" + revision + "\"},\"kvs\":[{\"key\":\"" + keyB64 + "\",\"create_revision\":\"2\","
            + "\"mod_revision\":\"" + kv.modRevision() + "\",\"version\":\"1\",\"value\":\"" + kv.valueB64() + "\"}],\"count\":\"1\"}";
    }

    /** The counter stored under a key (decimal text), 0 when absent. */
    synchronized long counter(String key) {
        Kv kv = data.get(Base64.getEncoder().encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return kv == null ? 0 : Long.parseLong(new String(Base64.getDecoder().decode(kv.valueB64()),
            java.nio.charset.StandardCharsets.UTF_8));
    }

    synchronized int txns() {
        return txns;
    }

    synchronized int failedTxns() {
        return failedTxns;
    }
}
