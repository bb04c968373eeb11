package io.tally.gossip;

import java.util.TreeSet;

/**
 * One running suspicion of one member (Lifeguard's "LHA-suspicion"): its deadline starts at the
 * maximum timeout and shrinks, by {@link SwimMath#suspicionTimeoutMs}, with each independent
 * confirmation (a suspect message from a member that had not suspected it yet). Owned by one
 * {@link SwimNode}; single-threaded.
 */
final class Suspicion {
    final long incarnation;
    final long startMs;
    private final long minMs;
    private final long maxMs;
    private final int expected;
    private final TreeSet<String> suspecters = new TreeSet<>();
    private int confirmations;
    private long deadlineMs;

    Suspicion(long incarnation, long startMs, long minMs, long maxMs, int expected, String firstSuspecter) {
        this.incarnation = incarnation;
        this.startMs = startMs;
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.expected = expected;
        suspecters.add(firstSuspecter);
        this.deadlineMs = startMs + SwimMath.suspicionTimeoutMs(minMs, maxMs, expected, 0);
    }

    /** Records a suspicion from {@code from}; true if it is new and independent. */
    boolean confirm(String from) {
        if (confirmations >= expected || !suspecters.add(from)) {
            return false;
        }
        confirmations++;
        deadlineMs = startMs + SwimMath.suspicionTimeoutMs(minMs, maxMs, expected, confirmations);
        return true;
    }

    int confirmations() {
        return confirmations;
    }

    long deadlineMs() {
        return deadlineMs;
    }
}
