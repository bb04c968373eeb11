package io.tally.store.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Pending writes over a {@link StateReader}: reads see the pending writes first, so a command reads its own
 * writes (an items batch that names one id twice, a file replaced in place). {@link #writes()} is the net
 * change, one write per key, in family then key order — deterministic whatever order the command wrote in.
 * A buffer can be discarded (a command that ends in an error) or merged into the buffer below it.
 * Single-threaded.
 */
public final class WriteBuffer implements StateReader {
    private static final byte[] DELETED = new byte[0];

    private final StateReader base;
    /** Pending value per key; the {@link #DELETED} marker (by identity) for a pending delete. */
    private final EnumMap<Family, TreeMap<byte[], byte[]>> pending = new EnumMap<>(Family.class);

    public WriteBuffer(StateReader base) {
        this.base = base;
        for (Family f : Family.values()) {
            pending.put(f, new TreeMap<>(Arrays::compareUnsigned));
        }
    }

    public void put(Family family, byte[] key, byte[] value) {
        pending.get(family).put(key, java.util.Objects.requireNonNull(value, "value"));
    }

    public void delete(Family family, byte[] key) {
        pending.get(family).put(key, DELETED);
    }

    /** Moves every pending write into {@code target} (a buffer stacked below this one). */
    public void mergeInto(WriteBuffer target) {
        for (Family f : Family.values()) {
            target.pending.get(f).putAll(pending.get(f));
        }
    }

    /** True when nothing is pending. */
    public boolean isEmpty() {
        for (TreeMap<byte[], byte[]> m : pending.values()) {
            if (!m.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The net writes, family then key order. */
    public List<Write> writes() {
        List<Write> out = new ArrayList<>();
        for (Family f : Family.values()) {
            for (Map.Entry<byte[], byte[]> e : pending.get(f).entrySet()) {
                out.add(e.getValue() == DELETED ? Write.delete(f, e.getKey()) : Write.put(f, e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    @Override
    public long appliedIndex() {
        return base.appliedIndex();
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        byte[] v = pending.get(family).get(key);
        if (v == null) {
            return base.get(family, key);
        }
        return v == DELETED ? null : v;
    }

    @Override
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        byte[] from = fromInclusive == null || Arrays.compareUnsigned(fromInclusive, prefix) < 0 ? prefix : fromInclusive;
        NavigableMap<byte[], byte[]> mine = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<byte[], byte[]> e : pending.get(family).tailMap(from, true).entrySet()) {
            if (!StateReader.startsWith(e.getKey(), prefix)) {
                break;
            }
            mine.put(e.getKey(), e.getValue());
        }
        // Each pending key can hide at most one base key, so limit + |mine| base keys hold >= limit live ones.
        int want = (int) Math.min(Integer.MAX_VALUE, (long) limit + mine.size());
        List<KeyValue> basePage = base.scan(family, prefix, from, want);
        boolean baseExhausted = basePage.size() < want;
        byte[] lastBase = basePage.isEmpty() ? null : basePage.get(basePage.size() - 1).key();
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        for (KeyValue kv : basePage) {
            merged.put(kv.key(), kv.value());
        }
        for (Map.Entry<byte[], byte[]> e : mine.entrySet()) {
            if (!baseExhausted && Arrays.compareUnsigned(e.getKey(), lastBase) > 0) {
                break;
            }
            merged.put(e.getKey(), e.getValue());
        }
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            if (e.getValue() != DELETED) {
                out.add(new KeyValue(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
