package io.tally.cli.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A bench slot against etcd 3.4 through its v3 JSON gateway on the client port ({@link EtcdJson}): a value write
 * is a put, a read a range (linearizable unless serializable), and a counter increment the compare-and-swap loop
 * of {@link CasLoop}, retried until it swaps, the run stops, or {@link #CAS_ATTEMPTS_MAX} attempts; its
 * {@link Outcome#attempts()} counts every txn. The slot remembers the last revision and value it saw per counter
 * key, so an uncontended increment is one txn. Items have no etcd equivalent. Event loop of its connection only.
 */
public final class EtcdTarget implements Target {
    /** Attempts after which one increment gives up (counted as an error). */
    public static final int CAS_ATTEMPTS_MAX = 100_000;

    private final HttpConnection conn;
    private final BooleanSupplier stop;
    private final Map<String, long[]> known = new HashMap<>();

    /** @param stop true once the run is over: an increment still retrying then gives up (not acknowledged) */
    public EtcdTarget(HttpConnection conn, BooleanSupplier stop) {
        this.conn = conn;
        this.stop = stop;
    }

    @Override
    public HttpConnection connection() {
        return conn;
    }

    @Override
    public CompletableFuture<Outcome> increment(String key) {
        long[] k = known.computeIfAbsent(key, x -> new long[2]);
        CasLoop loop = new CasLoop(key, k[0], k[1]);
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        attempt(loop, k, done);
        return done;
    }

    private void attempt(CasLoop loop, long[] k, CompletableFuture<Outcome> done) {
        conn.send(HttpMethod.POST, EtcdJson.TXN, loop.request()).whenComplete((r, t) -> {
            if (t != null || r.status() != 200) {
                done.complete(new Outcome(false, loop.attempts() + 1));
                return;
            }
            boolean swapped;
            try {
                swapped = loop.onAnswer(EtcdJson.parseTxn(r.body()));
            } catch (RuntimeException e) {
                done.complete(new Outcome(false, loop.attempts() + 1));
                return;
            }
            k[0] = loop.modRevision();
            k[1] = loop.value();
            if (swapped) {
                done.complete(new Outcome(true, loop.attempts()));
            } else if (stop.getAsBoolean() || loop.attempts() >= CAS_ATTEMPTS_MAX) {
                done.complete(new Outcome(false, loop.attempts()));
            } else {
                attempt(loop, k, done);
            }
        });
    }

    @Override
    public CompletableFuture<Outcome> readCounter(String key, boolean serializable) {
        return readValue(key, serializable);
    }

    @Override
    public CompletableFuture<Outcome> put(String key, byte[] value) {
        return ok(conn.send(HttpMethod.POST, EtcdJson.PUT, EtcdJson.put(key, value)));
    }

    @Override
    public CompletableFuture<Outcome> readValue(String key, boolean serializable) {
        return ok(conn.send(HttpMethod.POST, EtcdJson.RANGE, EtcdJson.range(key, serializable)));
    }

    @Override
    public CompletableFuture<Outcome> addItem(String tenant, long id) {
        throw new UnsupportedOperationException("the items workload has no etcd equivalent");
    }

    @Override
    public CompletableFuture<Outcome> countItems(String tenant, boolean serializable) {
        throw new UnsupportedOperationException("the items workload has no etcd equivalent");
    }

    @Override
    public CompletableFuture<Long> counterValue(String key) {
        return conn.send(HttpMethod.POST, EtcdJson.RANGE, EtcdJson.range(key, false)).thenApply(r -> {
            if (r.status() != 200) {
                throw new IllegalStateException("range of " + key + " answered " + r.status() + ": " + r.text());
            }
            return EtcdJson.parseRangeCounter(r.body());
        });
    }

    private static CompletableFuture<Outcome> ok(CompletableFuture<HttpConnection.Reply> f) {
        return f.handle((r, t) -> t == null && r.status() == 200 ? Outcome.OK : Outcome.FAILED);
    }
}
