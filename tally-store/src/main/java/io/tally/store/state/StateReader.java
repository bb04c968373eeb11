package io.tally.store.state;

import java.util.List;

/**
 * Read access to the committed state: ordered byte keys (unsigned lexicographic order) in {@link Family}
 * column families. The runtime implements it over {@code StateStore}; {@link MemoryState} in memory. Called
 * from the apply thread (and, for {@link Queries}, from readers the implementation allows).
 */
public interface StateReader {

    /** Index of the last log entry whose writes are committed (0 when none). */
    long appliedIndex();

    /** The value of {@code key}, or null when absent. */
    byte[] get(Family family, byte[] key);

    /**
     * Up to {@code limit} entries whose keys start with {@code prefix} and are {@code >= fromInclusive}, in key
     * order. {@code fromInclusive} is null or starts the scan at {@code prefix}.
     */
    List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit);

    /** True if {@code key} starts with {@code prefix}. */
    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
