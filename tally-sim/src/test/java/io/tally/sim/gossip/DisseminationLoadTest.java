package io.tally.sim.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisseminationLoadTest {

    @Test
    void aBroadcastReachesAlmostSurelyEveryMemberWithinAFewGossipRounds() {
        int n = 40;
        int[] reachedAll = {0};
        GossipSeeds.seeds().forEach(seed -> {
            GossipReport r = GossipSimulation.run(GossipSeeds.quick(n, seed));
            // Dissemination is probabilistic (each node forwards λ·ceil(log10(N+1)) times): at N = 40
            // about 1 broadcast in 50 misses one member; never more than one here.
            assertThat(r.broadcastReached()).as("seed %d", seed).isGreaterThanOrEqualTo(n - 2);
            if (r.broadcastReached() == n - 1) {
                reachedAll[0]++;
                // log2(40) ~ 5.3 gossip rounds of 200 ms plus latency; allow about twice that.
                assertThat(r.broadcastAllMs()).as("seed %d", seed).isBetween(10L, 2_500L);
            } else {
                assertThat(r.broadcastAllMs()).isEqualTo(-1);
            }
        });
        assertThat(reachedAll[0]).isGreaterThanOrEqualTo((int) (GossipSeeds.seeds().count() * 3 / 4));
    }

    @Test
    void perMemberLoadStaysConstantAsTheClusterGrows() {
        GossipSeeds.seeds().forEach(seed -> {
            GossipReport small = GossipSimulation.run(GossipSeeds.quick(10, seed));
            GossipReport large = GossipSimulation.run(GossipSeeds.quick(50, seed));
            // One ping and one ack per period, plus indirect probes and gossip rounds after changes.
            assertThat(small.msgsPerMemberPerSec()).as("seed %d, N=10", seed).isBetween(1.8, 4.0);
            assertThat(large.msgsPerMemberPerSec()).as("seed %d, N=50", seed).isBetween(1.8, 4.0);
            assertThat(large.msgsPerMemberPerSec() / small.msgsPerMemberPerSec()).isBetween(0.75, 1.33);
            assertThat(large.bytesPerMemberPerSec() / small.bytesPerMemberPerSec()).isBetween(0.75, 1.5);
        });
    }
}
