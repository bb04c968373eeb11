package io.tally.sim.linearizability;

/**
 * A sequential specification: the state of one key and how each operation changes it.
 * Implementations must be pure; states must implement {@code equals}/{@code hashCode} by value
 * (records do), since the checker memoizes on them.
 *
 * @param <S> state of one key
 * @param <I> operation input
 * @param <O> operation output
 */
public interface Model<S, I, O> {
    /** The state of a key nobody has written. */
    S initial();

    /**
     * Applies {@code input} to {@code state}. If {@code output} is non-null, returns the next state
     * when the sequential specification could produce that output, or {@code null} when it could
     * not. If {@code output} is null (outcome unknown), returns the next state (never null).
     */
    S step(S state, I input, O output);

    /** A short human-readable form of an operation, for failure reports. */
    default String describe(I input, O output) {
        return input + " -> " + (output == null ? "?" : output);
    }
}
