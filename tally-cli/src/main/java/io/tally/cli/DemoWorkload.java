package io.tally.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The sample workload of {@code tally demo}: {@value #INCREMENTS} increments of one counter spread over every node
 * (every {@value #RETRY_EVERY}th sent a second time, to another node, with the same {@code Idempotency-Key}), a
 * value written twice (the second time with {@code If-Match}) and once more with a stale version, an items batch
 * and a tenant move, then a linearizable read of the counter from every node. Every write carries an
 * {@code Idempotency-Key}, so a request retried after a 503 or a lost connection counts once. Bounded: at most
 * {@value #CLIENTS} requests in flight and {@link #deadlineMs} for the whole run. Called from the demo's main
 * thread; uses its own small thread pool, shut down before {@link #run} returns.
 */
final class DemoWorkload {

    static final int INCREMENTS = 300;
    static final int RETRY_EVERY = 10;
    static final int CLIENTS = 6;
    static final String COUNTER = "demo-hits";
    static final String VALUE = "demo-greeting";
    private static final long RETRY_PAUSE_MS = 100;

    /** An answer: HTTP status and body. */
    record Reply(int status, String body) {}

    /** The demo is stopping (Ctrl-C): the workload ends without a verdict. */
    static final class Stopped extends IOException {
        Stopped() {
            super("stopped");
        }
    }

    private final List<LocalCluster.Spec> specs;
    private final PrintStream out;
    private final long deadlineNanos;
    private final long deadlineMs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private final CountDownLatch stop;

    /** {@code stop} counted down (Ctrl-C) ends the workload at its next retry with {@link Stopped}. */
    DemoWorkload(List<LocalCluster.Spec> specs, PrintStream out, long deadlineMs, CountDownLatch stop) {
        this.specs = List.copyOf(specs);
        this.stop = stop;
        this.out = out;
        this.deadlineMs = deadlineMs;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    }

    /** Runs the workload and prints what happened; true when every node reads the expected counter value. */
    boolean run() throws IOException, InterruptedException {
        List<String> ids = specs.stream().map(LocalCluster.Spec::id).toList();
        out.printf("Sample workload over %s:%n", String.join(", ", ids));
        counter();
        value();
        items();
        return readEverywhere();
    }

    private void counter() throws IOException, InterruptedException {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < INCREMENTS; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    String key = "demo-inc-" + n;
                    expect(200, send(n, "POST", "/v1/counters/" + COUNTER, "{\"delta\":1}", "Idempotency-Key", key), "increment");
                    if (n % RETRY_EVERY == 0) {
                        // The same increment again, to another node: counted once.
                        expect(200, send(n + 1, "POST", "/v1/counters/" + COUNTER, "{\"delta\":1}", "Idempotency-Key", key), "retried increment");
                        return 2;
                    }
                    return 1;
                }));
            }
            int requests = 0;
            for (Future<Integer> f : sent) {
                requests += await(f);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf("  counter %s: %d increments, %d of them sent twice with the same Idempotency-Key,%n", COUNTER,
                INCREMENTS, INCREMENTS / RETRY_EVERY);
            out.printf("    %d requests in %.1f s (%.0f ops/s, %d clients)%n", requests, secs, requests / secs, CLIENTS);
        } finally {
            pool.shutdownNow();
        }
    }

    private void value() throws IOException, InterruptedException {
        Reply v1 = expect(200, send(0, "PUT", "/v1/kv/" + VALUE, "hello", "Content-Type", "text/plain",
            "Idempotency-Key", "demo-put-1"), "put");
        long first = json.readTree(v1.body()).path("version").asLong();
        Reply v2 = expect(200, send(1, "PUT", "/v1/kv/" + VALUE, "hello, world", "Content-Type", "text/plain",
            "If-Match", "\"" + first + "\"", "Idempotency-Key", "demo-put-2"), "put with If-Match");
        long second = json.readTree(v2.body()).path("version").asLong();
        Reply stale = send(2, "PUT", "/v1/kv/" + VALUE, "stale", "Content-Type", "text/plain",
            "If-Match", "\"" + first + "\"", "Idempotency-Key", "demo-put-3");
        String code = json.readTree(stale.body()).path("error").path("code").asText("");
        out.printf("  value %s: version %d, then version %d with If-Match \"%d\"; a stale If-Match \"%d\" gets %d %s%n",
            VALUE, first, second, first, first, stale.status(), code);
    }

    private void items() throws IOException, InterruptedException {
        expect(200, send(0, "POST", "/v1/items",
            "[{\"id\":1,\"tenant\":\"acme\"},{\"id\":2,\"tenant\":\"acme\"},{\"id\":3,\"tenant\":\"acme\"},{\"id\":4,\"tenant\":\"globex\"}]",
            "Content-Type", "application/json", "Idempotency-Key", "demo-items-1"), "items batch");
        expect(200, send(1, "POST", "/v1/items", "[{\"id\":3,\"tenant\":\"globex\"}]",
            "Content-Type", "application/json", "Idempotency-Key", "demo-items-2"), "items move");
        long acme = json.readTree(expect(200, send(2, "GET", "/v1/items/acme/count", null), "items count").body()).path("count").asLong();
        long globex = json.readTree(expect(200, send(2, "GET", "/v1/items/globex/count", null), "items count").body()).path("count").asLong();
        out.printf("  items: ids 1-3 to acme and 4 to globex, then id 3 moves to globex: acme %d, globex %d%n", acme, globex);
    }

    private boolean readEverywhere() throws IOException, InterruptedException {
        TreeMap<String, Long> values = new TreeMap<>();
        for (int i = 0; i < specs.size(); i++) {
            Reply r = expect(200, sendTo(i, "GET", "/v1/counters/" + COUNTER, null), "counter read");
            values.put(specs.get(i).id(), json.readTree(r.body()).path("value").asLong());
        }
        List<String> parts = new ArrayList<>();
        values.forEach((id, v) -> parts.add(id + " " + v));
        boolean same = values.values().stream().allMatch(v -> v == INCREMENTS);
        out.printf("  linearizable reads of %s: %s%n", COUNTER, String.join(", ", parts));
        if (same) {
            out.printf("Every node answers %d: each increment counted exactly once.%n", INCREMENTS);
        } else {
            out.printf("Expected %d on every node, got %s.%n", INCREMENTS, String.join(", ", parts));
        }
        return same;
    }

    private Reply expect(int status, Reply r, String what) throws IOException {
        if (r.status() != status) {
            throw new IOException(what + ": expected HTTP " + status + ", got " + r.status() + " " + r.body());
        }
        return r;
    }

    private int await(Future<Integer> f) throws IOException, InterruptedException {
        try {
            return f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the workload did not finish within " + deadlineMs / 1000 + " s");
        }
    }

    /**
     * Sends to node {@code start mod N}; on a lost connection or a 503 tries the next node after a short pause,
     * until the deadline.
     */
    private Reply send(int start, String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        String lastFailure = "";
        for (int attempt = 0; System.nanoTime() < deadlineNanos; attempt++) {
            int idx = Math.floorMod(start + attempt, specs.size());
            try {
                Reply r = once(idx, method, path, body, headers);
                if (r.status() != 503) {
                    return r;
                }
                lastFailure = specs.get(idx).id() + " 503 " + r.body();
            } catch (IOException e) {
                lastFailure = specs.get(idx).id() + " " + e;
            }
            if (stop.await(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        }
        throw new IOException(method + " " + path + " not answered within " + deadlineMs / 1000 + " s; last: " + lastFailure);
    }

    /** Like {@link #send} but retries the same node only (to read from each node in turn). */
    private Reply sendTo(int idx, String method, String path, String body) throws IOException, InterruptedException {
        String lastFailure = "";
        while (System.nanoTime() < deadlineNanos) {
            try {
                Reply r = once(idx, method, path, body);
                if (r.status() != 503) {
                    return r;
                }
                lastFailure = "503 " + r.body();
            } catch (IOException e) {
                lastFailure = e.toString();
            }
            if (stop.await(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        }
        throw new IOException(specs.get(idx).id() + ": " + method + " " + path + " not answered; last: " + lastFailure);
    }

    private Reply once(int idx, String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + specs.get(idx).http() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int h = 0; h + 1 < headers.length; h += 2) {
            b.header(headers[h], headers[h + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }
}
