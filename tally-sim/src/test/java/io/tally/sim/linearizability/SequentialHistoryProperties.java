package io.tally.sim.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Histories generated from the sequential model (each operation takes effect at a point inside its
 * interval) are always accepted; a read changed to a value no order could give is always rejected.
 */
class SequentialHistoryProperties {
    private record Planned(int client, String key, KvOp.Input input, long invoke, long point, long complete,
            boolean pending, boolean effective) { }

    @Property(tries = 300)
    void historiesFromTheSequentialModelAreLinearizable(@ForAll long seed, @ForAll @IntRange(min = 1, max = 14) int n) {
        List<Operation<KvOp.Input, KvOp.Output>> history = generate(new Random(seed), n, true);
        CheckResult r = new LinearizabilityChecker<>(new KvModel(), 2_000_000).check(history);
        assertThat(r.verdict()).as(r.detail()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Property(tries = 200)
    void aSequentialHistoryWithAnImpossibleReadIsRejected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int n) {
        // Non-overlapping, no pending operations: exactly one legal order, so a read answered with a
        // value no increment ever produced must be rejected.
        Random random = new Random(seed);
        List<Operation<KvOp.Input, KvOp.Output>> history = new ArrayList<>();
        long value = 0;
        long t = 0;
        for (int i = 0; i < n; i++) {
            long delta = 1 + random.nextInt(5);
            value += delta;
            history.add(Operation.completed(i, "k", new KvOp.Increment(delta), new KvOp.Value(value), t, t + 1));
            t += 2;
        }
        history.add(Operation.completed(99, "k", new KvOp.Read(), new KvOp.Value(value + 1 + random.nextInt(3)), t,
                t + 1));
        CheckResult r = new LinearizabilityChecker<>(new KvModel(), 2_000_000).check(history);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    static List<Operation<KvOp.Input, KvOp.Output>> generate(Random random, int n, boolean allowPending) {
        List<Planned> plans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long invoke = random.nextInt(50);
            long point = invoke + random.nextInt(20);
            long complete = point + random.nextInt(20);
            boolean pending = allowPending && random.nextInt(8) == 0;
            boolean effective = !pending || random.nextBoolean();
            KvOp.Input input = switch (random.nextInt(4)) {
                case 0 -> new KvOp.Increment(1 + random.nextInt(3));
                case 1 -> new KvOp.Read();
                case 2 -> new KvOp.Put(random.nextInt(4));
                default -> new KvOp.Cas(random.nextInt(4), random.nextInt(4));
            };
            // Distinct points so the sequential order is well defined.
            plans.add(new Planned(i, random.nextBoolean() ? "a" : "b", input, invoke * 1000 + i, point * 1000 + i,
                    complete * 1000 + i, pending, effective));
        }
        List<Planned> byPoint = new ArrayList<>(plans);
        byPoint.sort(Comparator.comparingLong(Planned::point));
        java.util.Map<String, Long> state = new java.util.TreeMap<>();
        List<Operation<KvOp.Input, KvOp.Output>> history = new ArrayList<>();
        KvModel model = new KvModel();
        for (Planned p : byPoint) {
            if (!p.effective()) {
                history.add(Operation.pending(p.client(), p.key(), p.input(), p.invoke()));
                continue;
            }
            long before = state.getOrDefault(p.key(), 0L);
            KvOp.Output out = switch (p.input()) {
                case KvOp.Increment inc -> new KvOp.Value(before + inc.delta());
                case KvOp.Read r -> new KvOp.Value(before);
                case KvOp.Put put -> new KvOp.Done();
                case KvOp.Cas cas -> new KvOp.CasResult(before == cas.expected());
            };
            state.put(p.key(), model.step(before, p.input(), out));
            history.add(p.pending() ? Operation.pending(p.client(), p.key(), p.input(), p.invoke())
                    : Operation.completed(p.client(), p.key(), p.input(), out, p.invoke(), p.complete()));
        }
        return history;
    }
}
