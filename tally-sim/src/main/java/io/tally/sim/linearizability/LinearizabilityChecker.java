package io.tally.sim.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that a history is linearizable with respect to a {@link Model}, key by key, with
 * {@link PartitionSearch} (Wing–Gong backtracking plus Lowe's memoization). Keys are checked in
 * sorted order; the first key that is not linearizable (or whose search runs out of budget) is
 * reported. Pure and single-threaded.
 */
public final class LinearizabilityChecker<S, I, O> {
    private final Model<S, I, O> model;
    private final long stepsMaxPerKey;

    /**
     * @param stepsMaxPerKey search steps allowed per key before the verdict is
     *     {@link Verdict#INCONCLUSIVE} (> 0)
     */
    public LinearizabilityChecker(Model<S, I, O> model, long stepsMaxPerKey) {
        if (stepsMaxPerKey <= 0) {
            throw new IllegalArgumentException("expected stepsMaxPerKey > 0, got " + stepsMaxPerKey);
        }
        this.model = model;
        this.stepsMaxPerKey = stepsMaxPerKey;
    }

    /** Checks {@code history} (in any order). */
    public CheckResult check(List<Operation<I, O>> history) {
        Map<String, List<Operation<I, O>>> byKey = new TreeMap<>();
        for (Operation<I, O> op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        long steps = 0;
        CheckResult inconclusive = null;
        for (Map.Entry<String, List<Operation<I, O>>> e : byKey.entrySet()) {
            PartitionSearch<S, I, O> search = new PartitionSearch<>(model, e.getValue(), stepsMaxPerKey);
            Verdict v = search.run();
            steps += search.steps();
            if (v == Verdict.NOT_LINEARIZABLE) {
                return new CheckResult(v, e.getKey(), "key " + e.getKey() + ": " + search.explain(), steps);
            }
            if (v == Verdict.INCONCLUSIVE && inconclusive == null) {
                inconclusive = new CheckResult(v, e.getKey(), "key " + e.getKey() + ": search gave up after "
                        + search.steps() + " steps over " + e.getValue().size() + " operations", 0);
            }
        }
        if (inconclusive != null) {
            return new CheckResult(inconclusive.verdict(), inconclusive.key(), inconclusive.detail(), steps);
        }
        return new CheckResult(Verdict.LINEARIZABLE, null, "", steps);
    }
}
