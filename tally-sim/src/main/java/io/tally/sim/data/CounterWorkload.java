package io.tally.sim.data;

import io.tally.sim.linearizability.KvModel;
import io.tally.sim.linearizability.KvOp;
import io.tally.sim.linearizability.Model;
import io.tally.store.command.Command;
import io.tally.store.command.Result;
import java.util.Map;
import java.util.Random;

/**
 * Counter increments and reads on two keys of the default keyspace, checked against the simulator's
 * {@link KvModel} (the counter's sequential specification). Stateless.
 */
public final class CounterWorkload implements DataWorkload<Long, CounterWorkload.Op, KvOp.Output> {
    private static final String[] KEYS = {"c0", "c1"};

    /** A counter operation ({@link KvOp.Increment} or {@link KvOp.Read}) on {@code key}. */
    public record Op(String key, KvOp.Input op) {
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public Op nextOp(Random random, Map<String, Long> lastVersions) {
        String key = KEYS[random.nextInt(KEYS.length)];
        return new Op(key, random.nextInt(3) == 0 ? new KvOp.Read() : new KvOp.Increment(1 + random.nextInt(3)));
    }

    @Override
    public String key(Op op) {
        return op.key();
    }

    @Override
    public Command command(Op op) {
        return switch (op.op()) {
            case KvOp.Increment inc -> new Command.CounterIncrement("default", op.key(), inc.delta());
            case KvOp.Read r -> new Command.CounterRead("default", op.key());
            case KvOp.Put p -> throw new IllegalArgumentException("the counter workload has no puts: " + op);
            case KvOp.Cas c -> throw new IllegalArgumentException("the counter workload has no CAS: " + op);
        };
    }

    @Override
    public KvOp.Output output(Op op, Result result) {
        if (result instanceof Result.CounterValue v) {
            return new KvOp.Value(v.value());
        }
        throw new IllegalStateException("expected a counter value for " + op + ", got " + result);
    }

    @Override
    public Model<Long, Op, KvOp.Output> model() {
        KvModel kv = new KvModel();
        return new Model<>() {
            @Override
            public Long initial() {
                return kv.initial();
            }

            @Override
            public Long step(Long state, Op input, KvOp.Output output) {
                return kv.step(state, input.op(), output);
            }
        };
    }
}
