package io.tally.sim.linearizability;

/** Operations on one counter/register key and their answers (see {@link KvModel}). */
public final class KvOp {
    private KvOp() { }

    /** What a client asks. */
    public sealed interface Input permits Increment, Read, Put, Cas { }

    /** What the service answers. */
    public sealed interface Output permits Value, Done, CasResult { }

    /** Adds {@code delta}; answered with the value after the increment. */
    public record Increment(long delta) implements Input { }

    /** Reads the value; answered with {@link Value}. */
    public record Read() implements Input { }

    /** Sets the value; answered with {@link Done}. */
    public record Put(long value) implements Input { }

    /** Sets {@code update} if the value is {@code expected}; answered with {@link CasResult}. */
    public record Cas(long expected, long update) implements Input { }

    /** A value answered by an increment or a read. */
    public record Value(long value) implements Output { }

    /** A put was applied. */
    public record Done() implements Output { }

    /** Whether a compare-and-set swapped. */
    public record CasResult(boolean swapped) implements Output { }
}
