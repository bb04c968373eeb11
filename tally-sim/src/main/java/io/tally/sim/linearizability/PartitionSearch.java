package io.tally.sim.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The search for one key: Wing &amp; Gong's algorithm over a doubly linked list of call and return
 * entries ordered by time, with Lowe's cache of (linearized set, state) pairs already explored.
 *
 * <p>Walking the list from its head: at a call entry, try to linearize that operation now (the
 * model accepts its output from the current state, and the resulting (set, state) is new): push it,
 * unlink its call and return, restart from the head. At a return entry, the operation it closes
 * should have been linearized already: backtrack (pop the last choice, relink it, try the next
 * call after it). Success when the list is empty or only pending operations remain (their return
 * is at infinity, and a pending operation may never have taken effect). At equal times calls sort
 * before returns, which treats touching operations as concurrent (never a false alarm).
 */
final class PartitionSearch<S, I, O> {
    private static final class Entry {
        final int id;
        final boolean call;
        final long time;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int id, boolean call, long time) {
            this.id = id;
            this.call = call;
            this.time = time;
        }
    }

    private static final int EXPLAIN_OPS_MAX = 12;

    private record Frame<S>(Entry call, S stateBefore) { }

    private record Memo<S>(BitSet linearized, S state) { }

    private final Model<S, I, O> model;
    private final List<Operation<I, O>> ops;
    private final long stepsMax;
    private final Entry head = new Entry(-1, false, Long.MIN_VALUE);
    private long steps;
    private int bestDepth = -1;
    private List<Integer> bestOrder = List.of();
    private int bestBlocked = -1;

    PartitionSearch(Model<S, I, O> model, List<Operation<I, O>> ops, long stepsMax) {
        this.model = model;
        this.ops = List.copyOf(ops);
        this.stepsMax = stepsMax;
        List<Entry> entries = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < this.ops.size(); i++) {
            Operation<I, O> op = this.ops.get(i);
            Entry call = new Entry(i, true, op.invokeTime());
            Entry ret = new Entry(i, false, op.completeTime());
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.time)
                .thenComparing(e -> !e.call)
                .thenComparingInt(e -> e.id));
        Entry prev = head;
        for (Entry e : entries) {
            prev.next = e;
            e.prev = prev;
            prev = e;
        }
    }

    long steps() {
        return steps;
    }

    Verdict run() {
        S state = model.initial();
        BitSet linearized = new BitSet(ops.size());
        Set<Memo<S>> cache = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        Entry entry = head.next;
        while (head.next != null) {
            if (++steps > stepsMax) {
                return Verdict.INCONCLUSIVE;
            }
            if (!head.next.call && ops.get(head.next.id).pending()) {
                return Verdict.LINEARIZABLE; // only pending operations are left
            }
            if (entry.call) {
                Operation<I, O> op = ops.get(entry.id);
                S next = model.step(state, op.input(), op.output());
                boolean advanced = false;
                if (next != null) {
                    BitSet with = (BitSet) linearized.clone();
                    with.set(entry.id);
                    if (cache.add(new Memo<>(with, next))) {
                        stack.push(new Frame<>(entry, state));
                        state = next;
                        linearized = with;
                        lift(entry);
                        entry = head.next;
                        advanced = true;
                    }
                }
                if (!advanced) {
                    entry = entry.next;
                }
            } else {
                if (stack.size() > bestDepth) {
                    bestDepth = stack.size();
                    List<Integer> order = new ArrayList<>();
                    stack.descendingIterator().forEachRemaining(f -> order.add(f.call().id));
                    bestOrder = order;
                    bestBlocked = entry.id;
                }
                if (stack.isEmpty()) {
                    return Verdict.NOT_LINEARIZABLE;
                }
                Frame<S> top = stack.pop();
                state = top.stateBefore();
                linearized = (BitSet) linearized.clone();
                linearized.clear(top.call().id);
                unlift(top.call());
                entry = top.call().next;
            }
        }
        return Verdict.LINEARIZABLE;
    }

    /** Why the last {@link #run()} failed: the longest linearization found and what could not follow it. */
    String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append(ops.size()).append(" operations, no linearization; longest valid prefix (")
                .append(bestOrder.size()).append(" ops):");
        S state = model.initial();
        int shownFrom = Math.max(0, bestOrder.size() - EXPLAIN_OPS_MAX);
        if (shownFrom > 0) {
            sb.append("\n    ... ").append(shownFrom).append(" earlier operations");
        }
        for (int i = 0; i < bestOrder.size(); i++) {
            Operation<I, O> op = ops.get(bestOrder.get(i));
            state = model.step(state, op.input(), op.output());
            if (i >= shownFrom) {
                sb.append("\n    ").append(describe(op)).append("   => state ").append(state);
            }
        }
        if (bestBlocked >= 0) {
            sb.append("\n  then no operation can be placed before this one completes: ")
                    .append(describe(ops.get(bestBlocked)));
        }
        return sb.toString();
    }

    private String describe(Operation<I, O> op) {
        return "client " + op.clientId() + " [" + op.invokeTime() + ", "
                + (op.pending() ? "pending" : String.valueOf(op.completeTime())) + "] "
                + model.describe(op.input(), op.output());
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }
}
