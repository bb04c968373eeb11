package io.tally.sim.data;

import io.tally.sim.linearizability.Model;
import io.tally.store.command.Command;
import io.tally.store.command.Result;
import java.util.Map;
import java.util.Random;

/**
 * A client workload on the data layer: which operations clients choose, which key the checker groups them by,
 * the {@link Command} each becomes, how a {@link Result} reads as the operation's output, and the sequential
 * {@link Model} the history must be linearizable against. Implementations are stateless; a client's memory
 * (the last version it saw per key, for compare-and-set) is the map passed in.
 *
 * @param <S> model state of one key
 * @param <I> operation input
 * @param <O> operation output
 */
public interface DataWorkload<S, I, O> {

    String name();

    /** The next operation of a client that remembers {@code lastVersions} (key to the last version it saw). */
    I nextOp(Random random, Map<String, Long> lastVersions);

    /** The key the linearizability checker groups this operation under. */
    String key(I op);

    /** The data-layer command that performs {@code op} (reads are read commands). */
    Command command(I op);

    /**
     * The output {@code result} means for {@code op}.
     *
     * @throws IllegalStateException if the result is not a possible answer to {@code op} (a bug)
     */
    O output(I op, Result result);

    /** Remembers what a completed operation showed the client (e.g. a version). */
    default void observe(I op, O output, Map<String, Long> lastVersions) {
    }

    Model<S, I, O> model();
}
