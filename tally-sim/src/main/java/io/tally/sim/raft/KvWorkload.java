package io.tally.sim.raft;

import io.tally.sim.linearizability.KvModel;
import io.tally.sim.linearizability.KvOp;
import io.tally.sim.linearizability.Model;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The default workload of the Raft simulation: on each of the option's keys, 40 % increments, 30 % reads, 20 %
 * compare-and-set, 10 % puts, on {@link KvStateMachine}, checked against {@link KvModel}. Stateless.
 */
public final class KvWorkload implements SimWorkload<Long, KvOp.Input, KvOp.Output> {
    /** The one instance. */
    public static final KvWorkload INSTANCE = new KvWorkload();

    private KvWorkload() {
    }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public SimStateMachine<KvOp.Input, KvOp.Output> newStateMachine(long sessionTimeoutMs, int sessionsMax) {
        return new KvStateMachine(sessionTimeoutMs, sessionsMax);
    }

    @Override
    public Invocation<KvOp.Input> next(Random random, List<String> keys, Map<String, Long> lastVersions) {
        String key = keys.get(random.nextInt(keys.size()));
        int dice = random.nextInt(100);
        KvOp.Input op;
        if (dice < 40) {
            op = new KvOp.Increment(1 + random.nextInt(3));
        } else if (dice < 70) {
            op = new KvOp.Read();
        } else if (dice < 90) {
            op = new KvOp.Cas(random.nextInt(6), random.nextInt(6));
        } else {
            op = new KvOp.Put(random.nextInt(6));
        }
        return new Invocation<>(key, op);
    }

    @Override
    public boolean isRead(KvOp.Input op) {
        return op instanceof KvOp.Read;
    }

    @Override
    public Model<Long, KvOp.Input, KvOp.Output> model() {
        return new KvModel();
    }

    @Override
    public String toString() {
        return name();
    }
}
