package io.tally.store.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The committed state in memory: one TreeMap per {@link Family} (unsigned byte order) and the applied index.
 * {@link #commit} mirrors {@code StateStore.apply}: the writes of entry {@code index} and the new applied index
 * together, refusing an index at or below the applied one. {@link #copy()} is a snapshot. For tests and the
 * simulator; single-threaded.
 */
public final class MemoryState implements StateReader {
    private final EnumMap<Family, TreeMap<byte[], byte[]>> families = new EnumMap<>(Family.class);
    private long appliedIndex;

    public MemoryState() {
        for (Family f : Family.values()) {
            families.put(f, new TreeMap<>(Arrays::compareUnsigned));
        }
    }

    /** A deep copy (a snapshot of this state). */
    public MemoryState copy() {
        MemoryState m = new MemoryState();
        m.appliedIndex = appliedIndex;
        for (Family f : Family.values()) {
            m.families.get(f).putAll(families.get(f));
        }
        return m;
    }

    /**
     * Commits the writes of log entry {@code index} with the new applied index.
     *
     * @throws IllegalStateException if {@code index} is not above the applied index (it would apply twice)
     */
    public void commit(long index, List<Write> writes) {
        if (index <= appliedIndex) {
            throw new IllegalStateException("entry " + index + " is already applied (applied index " + appliedIndex
                    + "): applying it again would double it");
        }
        for (Write w : writes) {
            if (w.isDelete()) {
                families.get(w.family()).remove(w.key());
            } else {
                families.get(w.family()).put(w.key(), w.value());
            }
        }
        appliedIndex = index;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        return families.get(family).get(key);
    }

    @Override
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        byte[] from = fromInclusive == null || Arrays.compareUnsigned(fromInclusive, prefix) < 0 ? prefix : fromInclusive;
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : families.get(family).tailMap(from, true).entrySet()) {
            if (out.size() >= limit || !StateReader.startsWith(e.getKey(), prefix)) {
                break;
            }
            out.add(new KeyValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Number of keys in {@code family}. */
    public int size(Family family) {
        return families.get(family).size();
    }

    /** Read-only view of one family, for checks in tests. */
    public NavigableMap<byte[], byte[]> view(Family family) {
        return java.util.Collections.unmodifiableNavigableMap(families.get(family));
    }

    /** True if both hold the same keys and values in every family (applied indexes may differ). */
    public boolean sameContent(MemoryState other) {
        for (Family f : Family.values()) {
            TreeMap<byte[], byte[]> a = families.get(f);
            TreeMap<byte[], byte[]> b = other.families.get(f);
            if (a.size() != b.size()) {
                return false;
            }
            var ia = a.entrySet().iterator();
            var ib = b.entrySet().iterator();
            while (ia.hasNext()) {
                var ea = ia.next();
                var eb = ib.next();
                if (!Arrays.equals(ea.getKey(), eb.getKey()) || !Arrays.equals(ea.getValue(), eb.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }
}
