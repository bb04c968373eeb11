package io.tally.sim.raft;

import io.tally.sim.linearizability.Model;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the Raft simulation runs: the state machine every node gets (a factory, called at each start), the
 * operations clients choose, and the sequential {@link Model} the client history must be linearizable against.
 * {@link KvWorkload} is the default (counter/register ops on {@link SimOptions#keys()} keys); the data layer's
 * workloads are in {@code io.tally.sim.data.RaftDataWorkload}. Implementations are stateless and pure; a client's
 * memory (e.g. the last version it saw per key) is the map passed in. Simulation thread only.
 *
 * @param <S> model state of one key
 * @param <I> operation input
 * @param <O> operation output
 */
public interface SimWorkload<S, I, O> {
    /** One operation a client is about to issue, and the key the checker groups it under. */
    record Invocation<I>(String key, I op) {
    }

    /** Short name ({@code kv}, {@code counter}, ...), for replay lines. */
    String name();

    /** A fresh state machine (the initial state), with client sessions of the given timeout and bound. */
    SimStateMachine<I, O> newStateMachine(long sessionTimeoutMs, int sessionsMax);

    /**
     * The next operation of a client.
     *
     * @param keys the keys of {@link SimOptions#keys()} (workloads with their own keyspace may ignore them)
     * @param lastVersions what this client remembered via {@link #observe}
     */
    Invocation<I> next(Random random, List<String> keys, Map<String, Long> lastVersions);

    /** Whether {@code op} is a read (sent without a session sequence). */
    boolean isRead(I op);

    /** Remembers what a completed operation showed the client. */
    default void observe(I op, O output, Map<String, Long> lastVersions) {
    }

    Model<S, I, O> model();
}
