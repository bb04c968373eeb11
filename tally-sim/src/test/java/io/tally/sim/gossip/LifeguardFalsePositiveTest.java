package io.tally.sim.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LifeguardFalsePositiveTest {

    private static GossipSimParams slowCluster(long seed) {
        return new GossipSimParams(20, 10, 0.01, seed, true, 1000, 0.1, 60_000);
    }

    @Test
    void lifeguardDeclaresFewerHealthyMembersDeadThanPlainSwim() {
        long[] sums = new long[4];
        GossipSeeds.seeds().forEach(seed -> {
            GossipReport.FalsePositives on = GossipSimulation.falsePositives(slowCluster(seed), true);
            GossipReport.FalsePositives off = GossipSimulation.falsePositives(slowCluster(seed), false);
            assertThat(on.deadHealthy()).as("seed %d", seed).isLessThanOrEqualTo(off.deadHealthy());
            assertThat(on.suspectHealthy()).as("seed %d", seed).isLessThan(off.suspectHealthy());
            sums[0] += on.deadHealthy();
            sums[1] += off.deadHealthy();
            sums[2] += on.suspectHealthy();
            sums[3] += off.suspectHealthy();
        });
        assertThat(sums[1]).as("plain SWIM must show the problem Lifeguard solves").isPositive();
        assertThat(sums[0]).isLessThan(sums[1]);
        assertThat(sums[2] * 3).as("Lifeguard: far fewer suspicions of healthy members").isLessThan(sums[3]);
    }

    @Test
    void onLossyLinksAloneLifeguardNeverDeclaresALiveMemberDeadAndPlainSwimAlmostNever() {
        long[] plainTotal = {0};
        GossipSeeds.seeds().forEach(seed -> {
            GossipSimParams p = new GossipSimParams(20, 10, 0.05, seed, true, 1000, 0.0, 60_000);
            GossipReport.FalsePositives on = GossipSimulation.falsePositives(p, true);
            assertThat(on.slowNodes()).isZero();
            assertThat(on.deadTotal()).as("seed %d, Lifeguard on", seed).isZero();
            // Plain SWIM: rarely a suspect does not hear of its suspicion, or its refutation does
            // not come back, within the fixed timeout (no buddy system, 5% loss).
            GossipReport.FalsePositives off = GossipSimulation.falsePositives(p, false);
            assertThat(off.deadTotal()).as("seed %d, Lifeguard off", seed).isLessThanOrEqualTo(1);
            plainTotal[0] += off.deadTotal();
        });
        assertThat(plainTotal[0]).isLessThanOrEqualTo(Math.max(1, GossipSeeds.seeds().count() / 50));
    }
}
