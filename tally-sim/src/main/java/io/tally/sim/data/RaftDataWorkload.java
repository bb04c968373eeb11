package io.tally.sim.data;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.session.SessionTable;
import io.tally.sim.linearizability.Model;
import io.tally.sim.raft.SimStateMachine;
import io.tally.sim.raft.SimWorkload;
import io.tally.store.codec.CommandCodec;
import io.tally.store.codec.ResultCodec;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A data-layer {@link DataWorkload} as a workload of the Raft simulation ({@code io.tally.sim.raft.RaftSimulation}):
 * every node runs {@link io.tally.store.state.DataStateMachine} through a {@link DataSimStateMachine}; writes are logged as
 * {@link CommandCodec} bytes with the client's session, answered with the {@link ResultCodec} bytes of the
 * result; reads are served after ReadIndex from the applied state. Select it with
 * {@code SimOptions.defaults().withWorkload(RaftDataWorkload.named("counter"))}. Stateless; simulation thread only.
 *
 * @param <S> model state of one key
 * @param <I> operation input
 * @param <O> operation output
 */
public final class RaftDataWorkload<S, I, O> implements SimWorkload<S, I, O> {
    /** The names {@link #named} accepts. */
    public static final List<String> NAMES = List.of("counter", "register", "items");

    private final DataWorkload<S, I, O> workload;
    private final boolean sessions;

    private RaftDataWorkload(DataWorkload<S, I, O> workload, boolean sessions) {
        this.workload = workload;
        this.sessions = sessions;
    }

    /** {@code workload} with exactly-once client sessions (the product's behaviour). */
    public static <S, I, O> RaftDataWorkload<S, I, O> of(DataWorkload<S, I, O> workload) {
        return new RaftDataWorkload<>(workload, true);
    }

    /** The data workload called {@code name}: one of {@link #NAMES}. */
    public static SimWorkload<?, ?, ?> named(String name) {
        return switch (name) {
            case "counter" -> of(new CounterWorkload());
            case "register" -> of(new RegisterWorkload());
            case "items" -> of(new ItemsWorkload());
            default -> throw new IllegalArgumentException("expected a data workload in " + NAMES + ", got '" + name + "'");
        };
    }

    /**
     * The same workload with sessions switched off in the state machine (every logged copy of a retried write is
     * applied): a deliberately broken setup, to show the checker catches doubled increments.
     */
    public RaftDataWorkload<S, I, O> withoutSessions() {
        return new RaftDataWorkload<>(workload, false);
    }

    @Override
    public String name() {
        return workload.name() + (sessions ? "" : "-without-sessions");
    }

    @Override
    public SimStateMachine<I, O> newStateMachine(long sessionTimeoutMs, int sessionsMax) {
        return new Machine(new DataSimStateMachine(sessionTimeoutMs, sessionsMax));
    }

    @Override
    public Invocation<I> next(Random random, List<String> keys, Map<String, Long> lastVersions) {
        I op = workload.nextOp(random, lastVersions);
        return new Invocation<>(workload.key(op), op);
    }

    @Override
    public boolean isRead(I op) {
        return workload.command(op).isRead();
    }

    @Override
    public void observe(I op, O output, Map<String, Long> lastVersions) {
        workload.observe(op, output, lastVersions);
    }

    @Override
    public Model<S, I, O> model() {
        return workload.model();
    }

    @Override
    public String toString() {
        return name();
    }

    /** One node's state machine: the data layer's, with the harness's operation types. */
    private final class Machine implements SimStateMachine<I, O> {
        private final DataSimStateMachine sm;

        Machine(DataSimStateMachine sm) {
            this.sm = sm;
        }

        @Override
        public Applied apply(Entry e) {
            if (sessions) {
                DataSimStateMachine.Applied a = sm.apply(e);
                return a == null ? null : new Applied(a.index(), a.outcome());
            }
            // Sessions off: the store sees every copy as a new command, but the harness still matches the answer
            // to its client by the entry's session.
            DataSimStateMachine.Applied a = sm.apply(new Entry(e.index(), e.term(), e.type(), 0, 0, e.logTimeMs(), e.data()));
            if (a == null) {
                return null;
            }
            boolean answered = e.type() == EntryType.NORMAL && e.hasSession();
            return new Applied(a.index(), answered ? new SessionTable.Outcome.Applied(ResultCodec.encode(a.output().result())) : null);
        }

        @Override
        public long appliedIndex() {
            return sm.appliedIndex();
        }

        @Override
        public long stateHash() {
            return sm.stateHash();
        }

        @Override
        public byte[] snapshot() {
            return sm.snapshot();
        }

        @Override
        public void restore(long index, byte[] data) {
            sm.restore(index, data);
        }

        @Override
        public boolean isRead(I op) {
            return RaftDataWorkload.this.isRead(op);
        }

        @Override
        public O read(String key, I op) {
            return workload.output(op, sm.read(workload.command(op)));
        }

        @Override
        public byte[] encode(String key, I op) {
            return CommandCodec.encode(workload.command(op));
        }

        @Override
        public O output(I op, byte[] response) {
            return workload.output(op, ResultCodec.decode(response));
        }
    }
}
