package io.tally.sim.linearizability;

/**
 * One client operation in a history.
 *
 * @param clientId who issued it (for reports only)
 * @param key the key it touches; histories are checked per key
 * @param input what was asked
 * @param output what was answered, or {@code null} if the outcome is unknown (pending)
 * @param invokeTime when it was issued (logical or simulated time; strictly comparable)
 * @param completeTime when the answer arrived; {@link Long#MAX_VALUE} if pending
 */
public record Operation<I, O>(int clientId, String key, I input, O output, long invokeTime, long completeTime) {

    public Operation {
        if (key == null || input == null) {
            throw new IllegalArgumentException("expected a key and an input, got key=" + key + " input=" + input);
        }
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("expected completeTime >= invokeTime, got invoke=" + invokeTime
                    + " complete=" + completeTime);
        }
        if (output == null && completeTime != Long.MAX_VALUE) {
            throw new IllegalArgumentException("a pending operation (no output) has completeTime Long.MAX_VALUE, got "
                    + completeTime);
        }
    }

    /** A completed operation. */
    public static <I, O> Operation<I, O> completed(int clientId, String key, I input, O output, long invokeTime,
            long completeTime) {
        if (output == null) {
            throw new IllegalArgumentException("a completed operation needs an output");
        }
        return new Operation<>(clientId, key, input, output, invokeTime, completeTime);
    }

    /** An operation whose outcome is unknown: it may or may not have taken effect. */
    public static <I, O> Operation<I, O> pending(int clientId, String key, I input, long invokeTime) {
        return new Operation<>(clientId, key, input, null, invokeTime, Long.MAX_VALUE);
    }

    /** Whether the outcome is unknown. */
    public boolean pending() {
        return output == null;
    }
}
