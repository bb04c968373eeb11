package io.tally.cli.crash;

import java.util.BitSet;
import java.util.List;

/**
 * Whether a counter's final value can be explained by the increments the test saw: every acknowledged delta plus
 * some subset of the deltas whose outcome stayed unknown. Pure; any thread.
 */
public final class SubsetSums {
    /** Bound on the sum of unknown deltas (the bit set of reachable sums has this many bits). */
    public static final long UNKNOWN_SUM_MAX = 10_000_000;

    private SubsetSums() {
    }

    /**
     * True if {@code extra} (final value minus the acknowledged deltas) is the sum of some subset (possibly empty) of
     * {@code unknownDeltas}.
     *
     * @param unknownDeltas positive deltas whose sum is at most {@link #UNKNOWN_SUM_MAX}
     */
    public static boolean reachable(long extra, List<Long> unknownDeltas) {
        long total = 0;
        for (long d : unknownDeltas) {
            if (d <= 0) {
                throw new IllegalArgumentException("expected positive deltas, got " + d);
            }
            total += d;
            if (total > UNKNOWN_SUM_MAX) {
                throw new IllegalArgumentException("expected unknown deltas summing to at most " + UNKNOWN_SUM_MAX + ", got more");
            }
        }
        if (extra < 0 || extra > total) {
            return false;
        }
        BitSet sums = new BitSet((int) total + 1);
        sums.set(0);
        for (long d : unknownDeltas) {
            for (int s = (int) (total - d); s >= 0; s--) { // downwards: each delta is used at most once
                if (sums.get(s)) {
                    sums.set(s + (int) d);
                }
            }
        }
        return sums.get((int) extra);
    }
}
