package io.tally.server.raft;

import io.tally.storage.state.StateStore;
import io.tally.store.state.Family;
import io.tally.store.state.KeyValue;
import io.tally.store.state.StateReader;
import io.tally.store.state.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data layer's {@link StateReader} over the node's RocksDB {@link StateStore}, and the conversion of its
 * {@link Write}s. Reads are safe from any thread (RocksDB); I/O failures surface as {@link UncheckedIOException}.
 */
public final class StateStoreReader implements StateReader {
    /** Most keys a listing that resumes after a continuation token looks at (StateStore scans from the prefix). */
    static final int RESUME_SCAN_KEYS_MAX = 1_000_000;

    private final StateStore store;

    public StateStoreReader(StateStore store) {
        this.store = store;
    }

    @Override
    public long appliedIndex() {
        return store.appliedIndex();
    }

    @Override
    public byte[] get(Family family, byte[] key) {
        try {
            return store.get(family(family), key).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        if (fromInclusive == null || Arrays.compareUnsigned(fromInclusive, prefix) <= 0) {
            return convert(store.scan(family(family), prefix, limit), null, limit);
        }
        // StateStore scans from the prefix only: widen the window until enough keys at or after fromInclusive.
        int window = Math.max(limit, 64);
        while (true) {
            List<StateStore.KeyValue> kvs = store.scan(family(family), prefix, window);
            List<KeyValue> out = convert(kvs, fromInclusive, limit);
            if (out.size() >= limit || kvs.size() < window || window >= RESUME_SCAN_KEYS_MAX) {
                return out;
            }
            window = (int) Math.min(RESUME_SCAN_KEYS_MAX, (long) window * 4);
        }
    }

    private static List<KeyValue> convert(List<StateStore.KeyValue> kvs, byte[] from, int limit) {
        List<KeyValue> out = new ArrayList<>(Math.min(kvs.size(), limit));
        for (StateStore.KeyValue kv : kvs) {
            if (out.size() >= limit) {
                break;
            }
            if (from == null || Arrays.compareUnsigned(kv.key(), from) >= 0) {
                out.add(new KeyValue(kv.key(), kv.value()));
            }
        }
        return out;
    }

    static StateStore.Family family(Family f) {
        return switch (f) {
            case DATA -> StateStore.Family.DATA;
            case SESSIONS -> StateStore.Family.SESSIONS;
            case CHUNK_REFS -> StateStore.Family.CHUNK_REFS;
        };
    }

    static List<StateStore.Write> writes(List<Write> writes) {
        List<StateStore.Write> out = new ArrayList<>(writes.size());
        for (Write w : writes) {
            out.add(new StateStore.Write(family(w.family()), w.key(), w.value()));
        }
        return out;
    }
}
