package io.tally.sim.linearizability;

import java.util.ArrayList;
import java.util.List;

/** Test helper: writes histories like a script. Times are abstract ticks. */
final class HistoryBuilder {
    private final List<Operation<KvOp.Input, KvOp.Output>> ops = new ArrayList<>();
    private String key = "k";

    HistoryBuilder key(String k) {
        this.key = k;
        return this;
    }

    HistoryBuilder inc(int client, long delta, long answer, long invoke, long complete) {
        ops.add(Operation.completed(client, key, new KvOp.Increment(delta), new KvOp.Value(answer), invoke, complete));
        return this;
    }

    HistoryBuilder read(int client, long answer, long invoke, long complete) {
        ops.add(Operation.completed(client, key, new KvOp.Read(), new KvOp.Value(answer), invoke, complete));
        return this;
    }

    HistoryBuilder put(int client, long value, long invoke, long complete) {
        ops.add(Operation.completed(client, key, new KvOp.Put(value), new KvOp.Done(), invoke, complete));
        return this;
    }

    HistoryBuilder cas(int client, long expected, long update, boolean swapped, long invoke, long complete) {
        ops.add(Operation.completed(client, key, new KvOp.Cas(expected, update), new KvOp.CasResult(swapped),
                invoke, complete));
        return this;
    }

    HistoryBuilder pending(int client, KvOp.Input input, long invoke) {
        ops.add(Operation.pending(client, key, input, invoke));
        return this;
    }

    List<Operation<KvOp.Input, KvOp.Output>> build() {
        return List.copyOf(ops);
    }

    static CheckResult check(List<Operation<KvOp.Input, KvOp.Output>> history) {
        return new LinearizabilityChecker<>(new KvModel(), 1_000_000).check(history);
    }
}
