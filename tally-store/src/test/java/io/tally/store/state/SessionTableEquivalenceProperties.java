package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.session.SessionTable;
import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stored sessions follow the Raft core's SessionTable rule for rule: the same entries give the same
 * outcome (applied, duplicate, stale, expired), and applied/duplicate answers carry the same value.
 */
class SessionTableEquivalenceProperties {
    private static final long TIMEOUT_MS = 1_000;
    private static final int MAX = 3;

    record Step(long clientId, long sequence, long advanceMs) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Long.MIN_VALUE, -2L, 0L, 0L, 1L, 2L, 3L), Arbitraries.longs().between(1, 4),
                Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 600), Arbitraries.longs().between(900, 1100)))
                .as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 400)
    void storedSessionsBehaveLikeSessionTable(@ForAll("steps") List<Step> steps) {
        SessionTable table = new SessionTable(TIMEOUT_MS, MAX);
        long[] tableCounter = {0};
        MemoryState state = new MemoryState();
        DataStateMachine machine = new DataStateMachine(state, TIMEOUT_MS, MAX);
        Command inc = new Command.CounterIncrement("default", "c", 1);
        long now = 0;
        long index = 0;
        for (Step s : steps) {
            now += s.advanceMs();
            index++;
            Entry e = new Entry(index, 1, EntryType.NORMAL, s.clientId(), s.sequence(), now, new byte[0]);
            SessionTable.Outcome expected = table.apply(e, data -> ByteBuffer.allocate(8).putLong(++tableCounter[0]).array());
            ApplyOutput out = machine.apply(index, now, s.clientId(), s.sequence(), inc);
            state.commit(index, out.writes());
            switch (expected) {
                case SessionTable.Outcome.Applied a -> {
                    assertThat(out.duplicate()).as("step %s", s).isFalse();
                    assertThat(((Result.CounterValue) out.result()).value()).isEqualTo(ByteBuffer.wrap(a.response()).getLong());
                }
                case SessionTable.Outcome.Duplicate d -> {
                    assertThat(out.duplicate()).as("step %s", s).isTrue();
                    assertThat(((Result.CounterValue) out.result()).value()).isEqualTo(ByteBuffer.wrap(d.response()).getLong());
                }
                case SessionTable.Outcome.Stale st ->
                        assertThat(((Result.Error) out.result()).code()).as("step %s", s).isEqualTo(ErrorCode.SESSION_STALE);
                case SessionTable.Outcome.Expired ex ->
                        assertThat(((Result.Error) out.result()).code()).as("step %s", s).isEqualTo(ErrorCode.SESSION_EXPIRED);
            }
        }
        assertThat(state.view(Family.SESSIONS).keySet().stream().filter(k -> k[0] == Keys.SESSION).count()).isEqualTo(table.size());
    }
}
