package io.tally.server.raft;

import io.tally.storage.state.StateStore;
import io.tally.store.state.Family;
import io.tally.store.state.KeyValue;
import io.tally.store.state.StateReader;
import io.tally.store.state.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data layer's {@link StateReader} over the node's RocksDB {@link StateStore}, and the conversion of its
 * {@link Write}s. Reads are safe from any thread (RocksDB); I/O failures surface as {@link UncheckedIOException}.
 */
public final class StateStoreReader implements StateReader {
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

    /** Seeks to the later of {@code prefix} and {@code fromInclusive}: a resumed listing reads only its own page. */
    @Override
    public List<KeyValue> scan(Family family, byte[] prefix, byte[] fromInclusive, int limit) {
        List<StateStore.KeyValue> kvs = store.scan(family(family), prefix, fromInclusive, limit);
        List<KeyValue> out = new ArrayList<>(kvs.size());
        for (StateStore.KeyValue kv : kvs) {
            out.add(new KeyValue(kv.key(), kv.value()));
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
