package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.store.codec.CommandCodec;
import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import org.junit.jupiter.api.Test;

class SessionRulesTest {
    private final Harness h = new Harness();
    private final Command inc = new Command.CounterIncrement("default", "c", 1);

    private long counter(Harness on) {
        return on.ok(new Command.CounterRead("default", "c"), Result.CounterValue.class).value();
    }

    @Test
    void aRetriedCommandIsAppliedOnceAndAnsweredWithTheFirstResult() {
        ApplyOutput first = h.output(7, 1, inc);
        ApplyOutput retry = h.output(7, 1, inc);
        assertThat(first.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.result()).isEqualTo(first.result());
        assertThat(counter(h)).isEqualTo(1);
        assertThat(h.output(7, 2, inc).result()).isEqualTo(new Result.CounterValue("c", 2, 2));
        assertThat(counter(h)).isEqualTo(2);
    }

    @Test
    void anErrorIsRememberedToo() {
        h.run(new Command.CounterIncrement("default", "c", Long.MAX_VALUE));
        ApplyOutput first = h.output(3, 1, inc);
        assertThat(((Result.Error) first.result()).code()).isEqualTo(ErrorCode.COUNTER_OVERFLOW);
        assertThat(h.output(3, 1, inc).result()).isEqualTo(first.result());
    }

    @Test
    void anOlderSequenceIsStale() {
        h.output(7, 1, inc);
        h.output(7, 2, inc);
        Result.Error e = (Result.Error) h.output(7, 1, inc).result();
        assertThat(e.code()).isEqualTo(ErrorCode.SESSION_STALE);
        assertThat(counter(h)).isEqualTo(2);
    }

    @Test
    void anIdleSessionExpiresByLogTime() {
        h.output(7, 1, inc);
        h.nowMs += Harness.SESSION_TIMEOUT_MS + 1;
        ApplyOutput late = h.output(7, 2, inc);
        assertThat(((Result.Error) late.result()).code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
        assertThat(counter(h)).isEqualTo(1);
        assertThat(h.state.size(Family.SESSIONS)).isZero();
        // a new session starts at sequence 1
        assertThat(h.output(7, 1, inc).duplicate()).isFalse();
        assertThat(counter(h)).isEqualTo(2);
    }

    @Test
    void aSessionActiveWithinTheTimeoutStaysAlive() {
        h.output(7, 1, inc);
        h.nowMs += Harness.SESSION_TIMEOUT_MS;
        assertThat(h.output(7, 1, inc).duplicate()).isTrue();
        h.nowMs += Harness.SESSION_TIMEOUT_MS;
        // the duplicate refreshed the session
        assertThat(h.output(7, 2, inc).result().ok()).isTrue();
    }

    @Test
    void sessionsSurviveASnapshotOfTheState() {
        ApplyOutput first = h.output(9, 1, inc);
        Harness restored = new Harness(h.state.copy(), Harness.SESSIONS_MAX);
        ApplyOutput retry = restored.output(9, 1, inc);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.result()).isEqualTo(first.result());
        assertThat(counter(restored)).isEqualTo(1);
    }

    @Test
    void theLeastRecentlyActiveSessionIsEvictedAboveTheBound() {
        Harness small = new Harness(new MemoryState(), 2);
        small.output(1, 1, inc);
        small.nowMs++;
        small.output(2, 1, inc);
        small.nowMs++;
        small.output(1, 2, inc); // client 1 is now the most recently active
        small.nowMs++;
        small.output(3, 1, inc); // evicts client 2
        assertThat(((Result.Error) small.output(2, 2, inc).result()).code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
        assertThat(small.output(1, 2, inc).duplicate()).isTrue();
        assertThat(small.output(3, 1, inc).duplicate()).isTrue();
    }

    @Test
    void manySessionsExpireInOneEntry() {
        Harness big = new Harness(new MemoryState(), 1_000);
        for (long client = 1; client <= 600; client++) {
            big.output(client, 1, inc);
        }
        big.nowMs += 10;
        big.output(9_999, 1, inc); // stays alive
        big.nowMs += Harness.SESSION_TIMEOUT_MS - 5;
        big.output(0, 0, new Command.CounterRead("default", "c"));
        // one session left: its key, its expiry index key and the count record
        assertThat(big.state.size(Family.SESSIONS)).isEqualTo(3);
        assertThat(big.output(9_999, 1, inc).duplicate()).isTrue();
        assertThat(((Result.Error) big.output(300, 2, inc).result()).code()).isEqualTo(ErrorCode.SESSION_EXPIRED);
    }

    @Test
    void entriesOfTheRaftLogApplyTheirSessionAndSkipNoops() {
        byte[] data = CommandCodec.encode(inc);
        ApplyOutput a = h.machine.apply(new Entry(1, 1, EntryType.NORMAL, 5, 1, 100, data));
        h.state.commit(1, a.writes());
        ApplyOutput noop = h.machine.apply(new Entry(2, 2, EntryType.NOOP, 0, 0, 150, null));
        assertThat(noop.result()).isNull();
        assertThat(noop.writes()).isEmpty();
        h.state.commit(2, noop.writes());
        ApplyOutput b = h.machine.apply(new Entry(3, 2, EntryType.NORMAL, 5, 1, 200, data));
        h.state.commit(3, b.writes());
        assertThat(b.duplicate()).isTrue();
        assertThat(b.result()).isEqualTo(a.result());
        h.index = 3;
        assertThat(counter(h)).isEqualTo(1);
    }

    @Test
    void anUndecodableEntryIsAnErrorOnEveryReplicaAlike() {
        ApplyOutput out = h.machine.applyBytes(1, 100, 0, 0, new byte[] {1, 99});
        assertThat(((Result.Error) out.result()).code()).isEqualTo(ErrorCode.MALFORMED_COMMAND);
        assertThat(out.writes()).isEmpty();
    }
}
