package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.session.SessionTable;
import io.tally.sim.linearizability.KvOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

    private static Entry entry(long index, long client, long seq, String key, KvOp.Input op) {
        return new Entry(index, 1, EntryType.NORMAL, client, seq, index, KvCommand.encode(key, op));
    }

    @Provide
    Arbitrary<KvOp.Input> writes() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(KvOp.Increment::new),
                Arbitraries.longs().map(KvOp.Put::new),
                Arbitraries.longs().flatMap(e -> Arbitraries.longs().map(u -> new KvOp.Cas(e, u))));
    }

    @Property
    void commandsRoundTrip(@ForAll("writes") KvOp.Input op, @ForAll("keys") String key) {
        KvCommand.Write w = KvCommand.decode(KvCommand.encode(key, op));
        assertThat(w.key()).isEqualTo(key);
        assertThat(w.op()).isEqualTo(op);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().ofMaxLength(40);
    }

    @Test
    void truncatedCommandsAreRejected() {
        byte[] ok = KvCommand.encode("k", new KvOp.Increment(1));
        assertThatThrownBy(() -> KvCommand.decode(java.util.Arrays.copyOf(ok, ok.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void retriedWriteIsAppliedOnceAndAnsweredWithTheFirstResult() {
        KvStateMachine sm = new KvStateMachine(60_000, 100);
        var first = sm.apply(entry(1, 7, 1, "k", new KvOp.Increment(5)));
        var retry = sm.apply(entry(2, 7, 1, "k", new KvOp.Increment(5)));
        assertThat(first.outcome()).isInstanceOf(SessionTable.Outcome.Applied.class);
        assertThat(retry.outcome()).isInstanceOf(SessionTable.Outcome.Duplicate.class);
        assertThat(sm.read("k")).isEqualTo(5);
    }

    @Test
    void snapshotRestoresValuesSessionsAndStateHash() {
        KvStateMachine a = new KvStateMachine(60_000, 100);
        a.apply(entry(1, 7, 1, "x", new KvOp.Put(3)));
        a.apply(entry(2, 8, 1, "y", new KvOp.Cas(0, 9)));
        KvStateMachine b = new KvStateMachine(60_000, 100);
        b.restore(2, a.snapshot());
        assertThat(b.read("x")).isEqualTo(3);
        assertThat(b.read("y")).isEqualTo(9);
        assertThat(b.stateHash()).isEqualTo(a.stateHash());
        assertThat(b.apply(entry(3, 8, 1, "y", new KvOp.Cas(0, 9))).outcome())
                .isInstanceOf(SessionTable.Outcome.Duplicate.class);
    }

    @Test
    void aGapInCommittedEntriesFailsLoudly() {
        KvStateMachine sm = new KvStateMachine(60_000, 100);
        sm.apply(entry(1, 0, 0, "k", new KvOp.Increment(1)));
        assertThatThrownBy(() -> sm.apply(entry(3, 0, 0, "k", new KvOp.Increment(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}
