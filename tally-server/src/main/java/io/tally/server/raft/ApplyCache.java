package io.tally.server.raft;

import io.tally.store.state.Family;
import io.tally.store.state.KeyValue;
import io.tally.store.state.StateReader;
import io.tally.store.state.Write;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apply thread's view of the state: point reads of {@link Family#DATA} keys go through a bounded, write-through
 * LRU cache in front of RocksDB (at most {@link #ENTRIES_MAX} keys with values of at most {@link #VALUE_BYTES_MAX}), so a hot counter is read from memory instead of through JNI on every increment.
 * The cache holds only committed values: {@link #committed} updates it after each entry's writes are in RocksDB, and
 * {@link #clear} empties it when a snapshot replaces the state. Scans and the other families read RocksDB directly.
 * Used by the storage thread only (not thread-safe); values handed out must not be modified by callers.
 */
final class ApplyCache implements StateReader {
    /** Keys cached at most (least recently used evicted). */
    static final int ENTRIES_MAX = 16_384;
    /** Values larger than this are not cached (counters are a few bytes): the cache stays under ~10 MB of heap. */
    static final int VALUE_BYTES_MAX = 512;
    /** Marks a key known to be absent (compared by reference). */
    private static final byte[] ABSENT = new byte[0];

    private final StateReader store;
    private final Map<ByteBuffer, byte[]> values = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, byte[]> eldest) {
            return size() > ENTRIES_MAX;
        }
    };
    private long hits;
    private long misses;

    ApplyCache(StateReader store) {
        this.store = store;
    }

    @Override
    public long appliedIndex() {
        return store.appliedIndex();
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        if (family != Family.DATA) {
            return store.get(family, key);
        }
        byte[] cached = values.get(ByteBuffer.wrap(key));
        if (cached != null) {
            hits++;
            return cached == ABSENT ? null : cached;
        }
        misses++;
        byte[] v = store.get(family, key);
        if (v == null || v.length <= VALUE_BYTES_MAX) {
            values.put(ByteBuffer.wrap(key.clone()), v == null ? ABSENT : v);
        }
        return v;
    }

    @Override
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        return store.scan(family, prefix, fromInclusive, limit);
    }

    /** The writes of one applied entry are committed to RocksDB: the cache follows them. */
    void committed(List<Write> writes) {
        for (Write w : writes) {
            if (w.family() != Family.DATA) {
                continue;
            }
            if (w.isDelete() || w.value().length <= VALUE_BYTES_MAX) {
                values.put(ByteBuffer.wrap(w.key().clone()), w.isDelete() ? ABSENT : w.value().clone());
            } else {
                values.remove(ByteBuffer.wrap(w.key())); // large values are read from RocksDB
            }
        }
    }

    /** The state was replaced (snapshot installed): forget everything. */
    void clear() {
        values.clear();
    }

    /** Point reads answered from memory so far. */
    long hits() {
        return hits;
    }

    /** Point reads that went to RocksDB so far. */
    long misses() {
        return misses;
    }

    /** Keys cached now. */
    int size() {
        return values.size();
    }
}
