package io.tally.sim.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.SwimMath;
import org.junit.jupiter.api.Test;

class CrashDetectionTest {

    @Test
    void aCrashedMemberIsSuspectedWithinAFewPeriodsAndDeadEverywhereWithinTheSuspicionBound() {
        int n = 20;
        GossipSeeds.seeds().forEach(seed -> {
            GossipSimParams p = GossipSeeds.quick(n, seed);
            GossipReport r = GossipSimulation.run(p);
            long period = p.periodMs();
            long minMs = SwimMath.suspicionMinTimeoutMs(4, n, period);
            long maxMs = minMs * 6;
            assertThat(r.firstSuspectMs()).as("seed %d first suspicion", seed).isBetween(p.periodMs() / 2, 10 * period);
            assertThat(r.allDeadMs()).as("seed %d all dead", seed)
                    .isGreaterThanOrEqualTo(r.firstSuspectMs() + minMs)
                    .isLessThanOrEqualTo(r.firstSuspectMs() + maxMs + 10 * period);
        });
    }

    @Test
    void withoutLifeguardTheSuspicionTimeoutIsFixedAtItsMinimum() {
        int n = 20;
        GossipSeeds.seeds().forEach(seed -> {
            GossipSimParams q = GossipSeeds.quick(n, seed);
            GossipSimParams p = new GossipSimParams(n, q.latencyMs(), q.loss(), seed, false, q.periodMs(), 0.1, 0);
            GossipReport r = GossipSimulation.run(p);
            long minMs = SwimMath.suspicionMinTimeoutMs(4, n, p.periodMs());
            assertThat(r.allDeadMs()).as("seed %d", seed)
                    .isGreaterThanOrEqualTo(r.firstSuspectMs() + minMs)
                    .isLessThanOrEqualTo(r.firstSuspectMs() + minMs + 10 * p.periodMs());
        });
    }
}
