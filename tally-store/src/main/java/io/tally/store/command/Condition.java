package io.tally.store.command;

/** Precondition of a value put or delete (HTTP If-Match / If-None-Match). */
public sealed interface Condition {
    /** Unconditional. */
    record None() implements Condition {
    }

    /** {@code If-Match: "n"}: only if the key exists with version {@code version}. */
    record IfMatch(long version) implements Condition {
    }

    /** {@code If-None-Match: *}: only if the key does not exist (create only; puts only). */
    record IfAbsent() implements Condition {
    }

    Condition NONE = new None();
    Condition IF_ABSENT = new IfAbsent();
}
