package io.tally.store.state;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One change to commit: put {@code value} under {@code key} in {@code family}, or delete the key when
 * {@code value} is null (the same shape as {@code StateStore.Write}). Arrays are not copied: do not modify them.
 */
public record Write(Family family, byte[] key, byte[] value) {
    public Write {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(key, "key");
    }

    public static Write put(Family family, byte[] key, byte[] value) {
        return new Write(family, key, Objects.requireNonNull(value, "value"));
    }

    public static Write delete(Family family, byte[] key) {
        return new Write(family, key, null);
    }

    /** True for a delete. */
    public boolean isDelete() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Write w && family == w.family && Arrays.equals(key, w.key) && Arrays.equals(value, w.value);
    }

    @Override
    public int hashCode() {
        return (family.hashCode() * 31 + Arrays.hashCode(key)) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return family + ":" + HexFormat.of().formatHex(key) + (value == null ? " delete" : " put " + value.length + "B");
    }
}
