package io.tally.store.testing;

import io.tally.store.command.Command;
import io.tally.store.command.Result;
import io.tally.store.state.ApplyOutput;
import io.tally.store.state.DataStateMachine;
import io.tally.store.state.MemoryState;

/** A state machine over a {@link MemoryState} that commits every output, with a log index and log time. */
public final class Harness {
    public static final long SESSION_TIMEOUT_MS = 60_000;
    public static final int SESSIONS_MAX = 100;

    public final MemoryState state;
    public final DataStateMachine machine;
    public long index;
    public long nowMs = 1_000;

    public Harness() {
        this(new MemoryState(), SESSIONS_MAX);
    }

    public Harness(MemoryState state, int sessionsMax) {
        this.state = state;
        this.machine = new DataStateMachine(state, SESSION_TIMEOUT_MS, sessionsMax);
        this.index = state.appliedIndex();
    }

    /** Applies and commits {@code command} without a session; returns its result. */
    public Result run(Command command) {
        return output(0, 0, command).result();
    }

    /** Applies and commits {@code command} in session {@code clientId} at {@code sequence}. */
    public ApplyOutput output(long clientId, long sequence, Command command) {
        index++;
        ApplyOutput out = machine.apply(index, nowMs, clientId, sequence, command);
        state.commit(index, out.writes());
        return out;
    }

    /** Applies, expecting success, and returns the result as {@code type}. */
    public <T extends Result> T ok(Command command, Class<T> type) {
        Result r = run(command);
        if (!type.isInstance(r)) {
            throw new AssertionError("expected " + type.getSimpleName() + " from " + command + ", got " + r);
        }
        return type.cast(r);
    }
}
