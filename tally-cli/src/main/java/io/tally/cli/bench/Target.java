package io.tally.cli.bench;

import java.util.concurrent.CompletableFuture;

/**
 * What one bench client slot drives: the system under test seen through that slot's own {@link HttpConnection}.
 * The same closed loop ({@link LoadRun}) runs every workload against either implementation, so the figures of
 * Tally and etcd come from one and the same load generator. Each method issues one logical operation and
 * completes (on the connection's event loop, never exceptionally) with its {@link Outcome}.
 *
 * <p>One instance per slot; it may keep slot-local state (etcd: the last revision and value seen per counter
 * key). Event loop of its connection only.
 */
public sealed interface Target permits TallyTarget, EtcdTarget {

    /**
     * How an operation ended: {@code ok} when it was acknowledged (2xx; a read of a missing key too), and the
     * number of requests it took (more than 1 only for etcd's compare-and-swap increment).
     */
    record Outcome(boolean ok, int attempts) {
        static final Outcome OK = new Outcome(true, 1);
        static final Outcome FAILED = new Outcome(false, 1);
    }

    /** Adds 1 to a counter (Tally: {@code POST /v1/counters/{key}}; etcd: the compare-and-swap loop). */
    CompletableFuture<Outcome> increment(String key);

    /** Reads a counter (linearizable unless serializable). */
    CompletableFuture<Outcome> readCounter(String key, boolean serializable);

    /** Writes a value. */
    CompletableFuture<Outcome> put(String key, byte[] value);

    /** Reads a value (linearizable unless serializable). */
    CompletableFuture<Outcome> readValue(String key, boolean serializable);

    /** Adds one item to a tenant (Tally only). */
    CompletableFuture<Outcome> addItem(String tenant, long id);

    /** Counts a tenant's items (Tally only). */
    CompletableFuture<Outcome> countItems(String tenant, boolean serializable);

    /**
     * The counter's value by a linearizable read, for the end-of-run check; completes exceptionally when it
     * cannot be read.
     */
    CompletableFuture<Long> counterValue(String key);

    /** The connection this slot uses. */
    HttpConnection connection();
}
