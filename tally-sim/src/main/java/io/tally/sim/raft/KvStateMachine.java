package io.tally.sim.raft;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.session.SessionTable;
import io.tally.sim.kernel.SimRandom;
import io.tally.sim.linearizability.KvOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated counter/register state machine ({@link KvWorkload}) of one simulated node: key to long value (0 when
 * absent), with Raft client sessions ({@link SessionTable}) for exactly-once writes. Tracks the
 * applied index and a running hash of its state after each entry, so the simulation can check that
 * every node applies the same thing at the same index. Owned by one node; simulation thread only.
 */
public final class KvStateMachine implements SimStateMachine<KvOp.Input, KvOp.Output> {

    private final long sessionTimeoutMs;
    private final int sessionsMax;
    private final TreeMap<String, Long> values = new TreeMap<>();
    private SessionTable sessions;
    private long appliedIndex;
    private long stateHash;

    public KvStateMachine(long sessionTimeoutMs, int sessionsMax) {
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.sessionsMax = sessionsMax;
        this.sessions = new SessionTable(sessionTimeoutMs, sessionsMax);
    }

    /**
     * Applies the next committed entry. Entries at or below the applied index are ignored (a restarted
     * node may see them again); a gap is a bug and throws.
     *
     * @return what happened, or null if the entry was already applied
     */
    @Override
    public Applied apply(Entry e) {
        if (e.index() <= appliedIndex) {
            return null;
        }
        if (e.index() != appliedIndex + 1) {
            throw new IllegalStateException("applied index " + appliedIndex + " but next committed entry is "
                    + e + ": a committed entry is missing");
        }
        appliedIndex = e.index();
        SessionTable.Outcome outcome = null;
        if (e.type() == EntryType.NORMAL) {
            outcome = sessions.apply(e, data -> KvCommand.encodeOutput(execute(KvCommand.decode(data))));
        }
        stateHash = SimRandom.mix64(stateHash ^ e.index() ^ (e.term() << 32)) + contentHash();
        return new Applied(e.index(), outcome);
    }

    private KvOp.Output execute(KvCommand.Write w) {
        long v = values.getOrDefault(w.key(), 0L);
        return switch (w.op()) {
            case KvOp.Increment inc -> {
                values.put(w.key(), v + inc.delta());
                yield new KvOp.Value(v + inc.delta());
            }
            case KvOp.Put put -> {
                values.put(w.key(), put.value());
                yield new KvOp.Done();
            }
            case KvOp.Cas cas -> {
                boolean swap = v == cas.expected();
                if (swap) {
                    values.put(w.key(), cas.update());
                }
                yield new KvOp.CasResult(swap);
            }
            case KvOp.Read r -> throw new IllegalStateException("a read in the log: " + w);
        };
    }

    /** The value of {@code key} (0 if absent). */
    public long read(String key) {
        return values.getOrDefault(key, 0L);
    }

    @Override
    public boolean isRead(KvOp.Input op) {
        return op instanceof KvOp.Read;
    }

    @Override
    public KvOp.Output read(String key, KvOp.Input op) {
        if (!(op instanceof KvOp.Read)) {
            throw new IllegalArgumentException("expected a read, got " + op);
        }
        return new KvOp.Value(read(key));
    }

    @Override
    public byte[] encode(String key, KvOp.Input op) {
        return KvCommand.encode(key, op);
    }

    @Override
    public KvOp.Output output(KvOp.Input op, byte[] response) {
        return KvCommand.decodeOutput(response);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    /** A hash of the whole state (values and applied index history). Equal on nodes that applied the same log. */
    @Override
    public long stateHash() {
        return stateHash;
    }

    private long contentHash() {
        long h = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            h = SimRandom.mix64(h ^ e.getKey().hashCode()) ^ SimRandom.mix64(e.getValue());
        }
        return h;
    }

    /** The snapshot data at the applied index: values, session table and state hash. */
    @Override
    public byte[] snapshot() {
        byte[] s = sessions.encode();
        int size = 8 + 8 + 4 + 4 + s.length;
        for (String k : values.keySet()) {
            size += 4 + k.getBytes(StandardCharsets.UTF_8).length + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(appliedIndex).putLong(stateHash).putInt(values.size());
        for (Map.Entry<String, Long> e : values.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putInt(k.length).put(k).putLong(e.getValue());
        }
        b.putInt(s.length).put(s);
        return b.array();
    }

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty = the initial state). */
    @Override
    public void restore(long index, byte[] data) {
        values.clear();
        if (data.length == 0) {
            sessions = new SessionTable(sessionTimeoutMs, sessionsMax);
            appliedIndex = index;
            stateHash = 0;
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        long at = b.getLong();
        if (at != index) {
            throw new IllegalStateException("snapshot data was taken at index " + at + " but installed at " + index);
        }
        stateHash = b.getLong();
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            byte[] k = new byte[b.getInt()];
            b.get(k);
            values.put(new String(k, StandardCharsets.UTF_8), b.getLong());
        }
        byte[] s = new byte[b.getInt()];
        b.get(s);
        sessions = SessionTable.decode(s, sessionTimeoutMs, sessionsMax);
        appliedIndex = index;
    }
}
