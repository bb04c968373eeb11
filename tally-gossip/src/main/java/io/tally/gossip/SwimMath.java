package io.tally.gossip;

/**
 * The small formulas of SWIM and Lifeguard, as pure functions (property-tested). Any thread.
 * Logarithms of cluster size are base 10, as in HashiCorp memberlist, so the defaults behave
 * like Consul's.
 */
public final class SwimMath {
    private SwimMath() {}

    /**
     * Message aging: how many times one update is piggybacked before it is dropped from the queue,
     * {@code retransmitMult * ceil(log10(n + 1))}, where n counts the live members (self included).
     */
    public static int retransmitLimit(int retransmitMult, int n) {
        requireNonNegative("n", n);
        int scale = (int) Math.ceil(Math.log10(n + 1.0));
        return retransmitMult * Math.max(1, scale);
    }

    /**
     * The shortest suspicion timeout, {@code suspicionMult * max(1, log10(max(1, n))) *
     * probeIntervalMs}, rounded down to whole milliseconds.
     */
    public static long suspicionMinTimeoutMs(int suspicionMult, int n, long probeIntervalMs) {
        requireNonNegative("n", n);
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        return (long) (suspicionMult * nodeScale * probeIntervalMs);
    }

    /**
     * Lifeguard: how many independent confirmations shrink a suspicion to its minimum,
     * {@code suspicionMult - 2}, or 0 when the cluster is too small to supply that many other
     * suspecting members.
     */
    public static int expectedConfirmations(int suspicionMult, int n) {
        int k = suspicionMult - 2;
        return (n - 2 < k || k < 0) ? 0 : k;
    }

    /**
     * Lifeguard's shrinking suspicion timeout after {@code confirmations} independent suspicions:
     * {@code max - (max - min) * log(c + 1) / log(k + 1)}, never below {@code minMs}. With no
     * expected confirmations (k = 0) the timeout is {@code minMs}.
     */
    public static long suspicionTimeoutMs(long minMs, long maxMs, int expected, int confirmations) {
        if (minMs > maxMs) {
            throw new IllegalArgumentException("minMs " + minMs + " must be <= maxMs " + maxMs);
        }
        requireNonNegative("confirmations", confirmations);
        if (expected <= 0) {
            return minMs;
        }
        double frac = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        double raw = maxMs - frac * (maxMs - minMs);
        long timeout = (long) Math.floor(raw);
        return Math.max(minMs, Math.min(maxMs, timeout));
    }

    /** Lifeguard local health: a timeout or period scaled by {@code healthScore + 1}. */
    public static long scaledByHealthMs(long baseMs, int healthScore) {
        requireNonNegative("healthScore", healthScore);
        return Math.multiplyExact(baseMs, healthScore + 1L);
    }

    /** The local health score after adding {@code delta}, kept in {@code [0, awarenessMax - 1]}. */
    public static int applyHealthDelta(int score, int delta, int awarenessMax) {
        long next = (long) score + delta;
        return (int) Math.max(0, Math.min(awarenessMax - 1L, next));
    }

    /**
     * Lifeguard: the health change after a failed probe cycle. Each expected nack that did not
     * arrive is evidence that this node (not the target) is slow; with no indirect probes sent,
     * the failure itself counts once.
     */
    public static int failedProbeHealthDelta(int expectedNacks, int nacksReceived) {
        if (expectedNacks <= 0) {
            return 1;
        }
        return Math.max(0, expectedNacks - nacksReceived);
    }

    /**
     * How many members to ask for indirect probes: {@code k}, bounded by the live members other
     * than this node and the target.
     */
    public static int indirectProbeCount(int k, int liveOthers) {
        requireNonNegative("k", k);
        return Math.max(0, Math.min(k, liveOthers - 1));
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /**
     * The push-pull period for a cluster of {@code n}: {@code baseMs} up to 32 members, then
     * {@code baseMs * (ceil(log2(n) - log2(32)) + 1)}, so the full-state exchanges (whose size
     * grows with n) do not grow the per-member load linearly.
     */
    public static long pushPullIntervalMs(long baseMs, int n) {
        requireNonNegative("n", n);
        if (n <= 32) {
            return baseMs;
        }
        double log2 = Math.log(n) / Math.log(2);
        long mult = (long) Math.ceil(log2 - 5.0) + 1;
        return Math.multiplyExact(baseMs, mult);
    }
}
