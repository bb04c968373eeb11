package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Bytes;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import org.junit.jupiter.api.Test;

class CounterRulesTest {
    private final Harness h = new Harness();

    @Test
    void aMissingCounterReadsZero() {
        assertThat(h.run(new Command.CounterRead("default", "c"))).isEqualTo(new Result.CounterValue("c", 0, 0));
    }

    @Test
    void incrementsAddSignedDeltas() {
        h.run(new Command.CounterIncrement("default", "c", 5));
        Result.CounterValue v = h.ok(new Command.CounterIncrement("default", "c", -7), Result.CounterValue.class);
        assertThat(v.value()).isEqualTo(-2);
        assertThat(Queries.read(h.state, new Command.CounterRead("default", "c"))).isEqualTo(v);
    }

    @Test
    void overflowIsAnErrorAndAppliesNothing() {
        h.run(new Command.CounterIncrement("default", "c", Long.MAX_VALUE - 1));
        long appliedBefore = h.state.appliedIndex();
        Result r = h.run(new Command.CounterIncrement("default", "c", 2));
        assertThat(r).isInstanceOf(Result.Error.class);
        assertThat(((Result.Error) r).code()).isEqualTo(ErrorCode.COUNTER_OVERFLOW);
        assertThat(((Result.Error) r).message()).contains("64-bit signed range");
        assertThat(h.state.appliedIndex()).isEqualTo(appliedBefore + 1);
        assertThat(h.ok(new Command.CounterRead("default", "c"), Result.CounterValue.class).value()).isEqualTo(Long.MAX_VALUE - 1);

        h.run(new Command.CounterIncrement("default", "d", Long.MIN_VALUE));
        assertThat(((Result.Error) h.run(new Command.CounterIncrement("default", "d", -1))).code()).isEqualTo(ErrorCode.COUNTER_OVERFLOW);
        assertThat(h.ok(new Command.CounterIncrement("default", "d", Long.MAX_VALUE), Result.CounterValue.class).value()).isEqualTo(-1);
    }

    @Test
    void anOverflowWritesNothing() {
        h.run(new Command.CounterIncrement("default", "c", Long.MAX_VALUE));
        ApplyOutput out = h.output(0, 0, new Command.CounterIncrement("default", "c", 1));
        assertThat(out.writes()).isEmpty();
    }

    @Test
    void aCounterIsNotAValueAndTheReverse() {
        h.run(new Command.CounterIncrement("default", "c", 1));
        h.run(new Command.ValuePut("default", "v", Bytes.utf8("x"), "", Condition.NONE));
        assertThat(((Result.Error) h.run(new Command.ValuePut("default", "c", Bytes.utf8("x"), "", Condition.NONE))).code()).isEqualTo(ErrorCode.WRONG_TYPE);
        assertThat(((Result.Error) h.run(new Command.ValueGet("default", "c"))).code()).isEqualTo(ErrorCode.WRONG_TYPE);
        Result.Error e = (Result.Error) h.run(new Command.CounterIncrement("default", "v", 1));
        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_TYPE);
        assertThat(e.message()).contains("holds a value, expected a counter");
    }

    @Test
    void aDeletedCounterStartsAgainFromZero() {
        h.run(new Command.CounterIncrement("default", "c", 9));
        assertThat(h.ok(new Command.ValueDelete("default", "c", Condition.NONE), Result.Deleted.class).existed()).isTrue();
        assertThat(h.ok(new Command.CounterIncrement("default", "c", 1), Result.CounterValue.class).value()).isEqualTo(1);
    }
}
