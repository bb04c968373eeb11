package io.tally.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.sim.linearizability.LinearizabilityChecker;
import io.tally.sim.linearizability.Operation;
import io.tally.sim.linearizability.Verdict;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workloads' sequential models accept what the rules allow and refuse what they forbid. */
class DataModelsTest {
    private static final RegisterWorkload REG = new RegisterWorkload();

    private static Verdict register(List<Operation<RegisterWorkload.Op, RegisterWorkload.Out>> history) {
        return new LinearizabilityChecker<>(REG.model(), 100_000).check(history).verdict();
    }

    private static Operation<RegisterWorkload.Op, RegisterWorkload.Out> op(int client, RegisterWorkload.Op in, RegisterWorkload.Out out,
            long from, long to) {
        return Operation.completed(client, in.key(), in, out, from, to);
    }

    @Test
    void aCompareAndSetSucceedsOnlyAtTheVersionLastWritten() {
        var ok = List.of(op(0, new RegisterWorkload.Put("r", 1), new RegisterWorkload.Written(3), 0, 1),
                op(0, new RegisterWorkload.PutIfVersion("r", 3, 2), new RegisterWorkload.Written(5), 2, 3),
                op(1, new RegisterWorkload.PutIfVersion("r", 3, 9), new RegisterWorkload.Mismatch(), 4, 5),
                op(1, new RegisterWorkload.Get("r"), new RegisterWorkload.Found(2, 5), 6, 7));
        assertThat(register(ok)).isEqualTo(Verdict.LINEARIZABLE);
        var lostUpdate = List.of(op(0, new RegisterWorkload.Put("r", 1), new RegisterWorkload.Written(3), 0, 1),
                op(0, new RegisterWorkload.PutIfVersion("r", 3, 2), new RegisterWorkload.Written(5), 2, 3),
                op(1, new RegisterWorkload.PutIfVersion("r", 3, 9), new RegisterWorkload.Written(6), 4, 5));
        assertThat(register(lostUpdate)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void versionsMustGrowAcrossADelete() {
        var backwards = List.of(op(0, new RegisterWorkload.Put("r", 1), new RegisterWorkload.Written(7), 0, 1),
                op(0, new RegisterWorkload.Delete("r"), new RegisterWorkload.Deleted(true), 2, 3),
                op(0, new RegisterWorkload.Put("r", 1), new RegisterWorkload.Written(1), 4, 5));
        assertThat(register(backwards)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aStaleReadIsRefused() {
        var stale = List.of(op(0, new RegisterWorkload.Put("r", 1), new RegisterWorkload.Written(2), 0, 1),
                op(0, new RegisterWorkload.Put("r", 2), new RegisterWorkload.Written(4), 2, 3),
                op(1, new RegisterWorkload.Get("r"), new RegisterWorkload.Found(1, 2), 4, 5));
        assertThat(register(stale)).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void anItemCountMustReflectEveryEarlierMove() {
        ItemsWorkload items = new ItemsWorkload();
        var checker = new LinearizabilityChecker<>(items.model(), 100_000);
        ItemsWorkload.Op put = new ItemsWorkload.Batch(List.of(new Item(new ItemId.Num(1), "t0"), new Item(new ItemId.Num(2), "t0")));
        ItemsWorkload.Op move = new ItemsWorkload.Batch(List.of(new Item(new ItemId.Num(1), "t1")));
        ItemsWorkload.Op count = new ItemsWorkload.Count("t0");
        var good = List.of(Operation.completed(0, "items", put, 2L, 0, 1), Operation.completed(0, "items", move, 1L, 2, 3),
                Operation.<ItemsWorkload.Op, Long>completed(1, "items", count, 1L, 4, 5));
        assertThat(checker.check(good).ok()).isTrue();
        var missedMove = List.of(Operation.completed(0, "items", put, 2L, 0, 1), Operation.completed(0, "items", move, 1L, 2, 3),
                Operation.<ItemsWorkload.Op, Long>completed(1, "items", count, 2L, 4, 5));
        assertThat(checker.check(missedMove).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }
}
