package io.tally.sim.data;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.session.SessionTable;
import io.tally.sim.kernel.SimRandom;
import io.tally.store.codec.BinaryReader;
import io.tally.store.codec.BinaryWriter;
import io.tally.store.codec.ResultCodec;
import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.state.ApplyOutput;
import io.tally.store.state.DataStateMachine;
import io.tally.store.state.Family;
import io.tally.store.state.KeyValue;
import io.tally.store.state.MemoryState;
import io.tally.store.state.Queries;
import io.tally.store.state.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data state machine of one simulated node: a {@link DataStateMachine} over a {@link MemoryState} it commits
 * every output to, with the surface the Raft harness's {@code KvStateMachine} has (apply an entry and report its
 * session outcome, applied index, a state hash equal on nodes that applied the same log, snapshot bytes and
 * restore), so a harness can take either. Entries at or below the applied index are skipped (a restarted node
 * may see them again); a gap throws. Simulation thread only.
 */
public final class DataSimStateMachine {
    /** What applying one entry produced: the store's output and the session outcome as SessionTable words it. */
    public record Applied(long index, ApplyOutput output, SessionTable.Outcome outcome) {
    }

    private static final int SNAPSHOT_FORMAT = 1;

    private final long sessionTimeoutMs;
    private final int sessionsMax;
    private MemoryState state = new MemoryState();
    private DataStateMachine machine;
    private long stateHash;

    public DataSimStateMachine(long sessionTimeoutMs, int sessionsMax) {
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.sessionsMax = sessionsMax;
        this.machine = new DataStateMachine(state, sessionTimeoutMs, sessionsMax);
    }

    /**
     * Applies the next committed entry and commits its writes.
     *
     * @return what happened, or null if the entry was already applied
     */
    public Applied apply(Entry e) {
        if (e.index() <= state.appliedIndex()) {
            return null;
        }
        if (e.index() != state.appliedIndex() + 1) {
            throw new IllegalStateException("applied index " + state.appliedIndex() + " but the next committed entry is " + e
                    + ": a committed entry is missing");
        }
        ApplyOutput out = machine.apply(e);
        state.commit(e.index(), out.writes());
        stateHash = SimRandom.mix64(stateHash ^ e.index()) + hash(out.writes());
        return new Applied(e.index(), out, e.type() == EntryType.NORMAL && e.hasSession() ? outcome(out) : null);
    }

    private static SessionTable.Outcome outcome(ApplyOutput out) {
        if (out.duplicate()) {
            return new SessionTable.Outcome.Duplicate(ResultCodec.encode(out.result()));
        }
        if (out.result() instanceof Result.Error err && err.code() == ErrorCode.SESSION_EXPIRED) {
            return new SessionTable.Outcome.Expired();
        }
        if (out.result() instanceof Result.Error err && err.code() == ErrorCode.SESSION_STALE) {
            return new SessionTable.Outcome.Stale(0); // the last sequence is in the error message; the harness only retries
        }
        return new SessionTable.Outcome.Applied(ResultCodec.encode(out.result()));
    }

    /** Answers a read command from the applied state (what a node serves after ReadIndex). */
    public Result read(Command readCommand) {
        return Queries.read(state, readCommand);
    }

    public long appliedIndex() {
        return state.appliedIndex();
    }

    /** Hash of the applied history (index and writes of every entry); equal on nodes that applied the same log. */
    public long stateHash() {
        return stateHash;
    }

    /** The committed state at the applied index, as bytes: what a snapshot carries. */
    public byte[] snapshot() {
        BinaryWriter w = new BinaryWriter(256);
        w.u8(SNAPSHOT_FORMAT).varLong(state.appliedIndex()).fixed64(stateHash);
        for (Family f : Family.values()) {
            List<KeyValue> all = state.scan(f, new byte[0], null, Integer.MAX_VALUE);
            w.varLong(all.size());
            for (KeyValue kv : all) {
                w.bytes(kv.key()).bytes(kv.value());
            }
        }
        return w.toByteArray();
    }

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty = the initial state). */
    public void restore(long index, byte[] data) {
        state = new MemoryState();
        stateHash = 0;
        if (data.length > 0) {
            BinaryReader r = new BinaryReader(data);
            int format = r.u8("snapshot format");
            long at = r.varLong("snapshot index");
            if (format != SNAPSHOT_FORMAT || at != index) {
                throw new IllegalStateException("snapshot of format " + format + " taken at " + at + " installed at " + index);
            }
            stateHash = r.fixed64("state hash");
            List<Write> writes = new ArrayList<>();
            for (Family f : Family.values()) {
                int n = r.count("keys", Integer.MAX_VALUE, 2);
                for (int i = 0; i < n; i++) {
                    writes.add(Write.put(f, r.bytes("key", Integer.MAX_VALUE), r.bytes("value", Integer.MAX_VALUE)));
                }
            }
            r.end("snapshot");
            if (index > 0) {
                state.commit(index, writes);
            }
        } else if (index > 0) {
            state.commit(index, List.of());
        }
        machine = new DataStateMachine(state, sessionTimeoutMs, sessionsMax);
    }

    /** The committed state (read-only use: checks in tests). */
    public MemoryState state() {
        return state;
    }

    private static long hash(List<Write> writes) {
        long h = writes.size();
        for (Write w : writes) {
            h = SimRandom.mix64(h ^ w.family().ordinal() ^ Arrays.hashCode(w.key()) ^ ((long) Arrays.hashCode(w.value()) << 32));
        }
        return h;
    }
}
