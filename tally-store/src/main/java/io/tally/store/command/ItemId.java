package io.tally.store.command;

import java.util.Objects;

/**
 * A tenant item's id: a JSON integer or a JSON string. The two kinds are distinct ids ({@code 1} is not
 * {@code "1"}), as they are distinct JSON values.
 */
public sealed interface ItemId {
    /** A numeric id. */
    record Num(long value) implements ItemId {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A string id (non-empty, at most {@link Limits#ITEM_ID_BYTES_MAX} UTF-8 bytes). */
    record Str(String value) implements ItemId {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }
}
