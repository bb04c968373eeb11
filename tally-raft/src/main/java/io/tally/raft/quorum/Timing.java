package io.tally.raft.quorum;

import java.util.Random;

/** Pure timing rules, all in ticks. */
public final class Timing {
    private Timing() {
    }

    /**
     * A randomised election timeout, uniform in [base, 2*base): spreads candidates so one usually wins before the
     * others time out (Raft paper §5.2, §9.3).
     */
    public static int randomizedElectionTimeout(int baseTicks, Random random) {
        if (baseTicks < 1) {
            throw new IllegalArgumentException("expected baseTicks >= 1, got " + baseTicks);
        }
        return randomizedElectionTimeout(baseTicks, classicMaxTicks(baseTicks), random);
    }

    /** The inclusive upper bound of the classic range [base, 2*base): {@code 2*base - 1} (saturating). */
    public static int classicMaxTicks(int baseTicks) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * baseTicks - 1);
    }

    /**
     * A randomised election timeout, uniform over the integers in [minTicks, maxTicks] (both inclusive); a fixed
     * {@code minTicks} when they are equal (no randomness is drawn then). Draws exactly what the one-argument form
     * drew for the classic range, so seeds keep their runs.
     */
    public static int randomizedElectionTimeout(int minTicks, int maxTicks, Random random) {
        if (minTicks < 1 || maxTicks < minTicks) {
            throw new IllegalArgumentException("expected 1 <= minTicks <= maxTicks, got " + minTicks + " and "
                    + maxTicks);
        }
        long width = (long) maxTicks - minTicks + 1;
        if (width == 1) {
            return minTicks;
        }
        if (width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("election timeout range too wide: " + minTicks + ".." + maxTicks);
        }
        return minTicks + random.nextInt((int) width);
    }

    /**
     * Whether a leader lease is still valid at {@code nowTick}. The lease starts when the heartbeat that a quorum
     * acknowledged was SENT (before any follower received it, so conservative) and lasts electionTimeoutTicks minus a
     * clock-drift margin: followers that heard a leader refuse to vote for electionTimeoutTicks of their own clock.
     */
    public static boolean leaseValid(long nowTick, long quorumAckSentTick, int electionTimeoutTicks,
                                     int driftMarginTicks) {
        if (quorumAckSentTick < 0) {
            return false;
        }
        return nowTick - quorumAckSentTick < (long) electionTimeoutTicks - driftMarginTicks;
    }
}
