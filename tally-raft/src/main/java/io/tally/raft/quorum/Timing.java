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
        return baseTicks + random.nextInt(baseTicks);
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
