package io.tally.wire.gossip;

import java.util.Objects;

/**
 * The result of decoding untrusted bytes: either the value or the reason it was rejected. Decoders
 * return this instead of throwing, so garbage from the network can be dropped and counted.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    /** Successfully decoded {@code value}. */
    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Rejected input; {@code reason} says what was expected. */
    record Bad<T>(String reason) implements Decoded<T> {
        public Bad {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
