package io.tally.sim.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PartitionHealTest {
    private static final int N = 20;
    private static final List<Integer> SIDE = IntStream.range(0, N / 2).boxed().toList();

    /** Partitions the cluster in two halves for {@code partitionMs}, heals, returns the time to reconverge (or -1). */
    private static long healTimeMs(long seed, long partitionMs) {
        GossipSimParams p = GossipSeeds.quick(N, seed);
        GossipCluster.Listener quiet = (observer, e) -> { };
        GossipCluster c = new GossipCluster(N, p.swim(true), p.network(), seed, quiet);
        c.scheduler().runUntil(5_000);
        c.partition(SIDE);
        c.scheduler().runUntil(5_000 + partitionMs);
        assertThat(c.node(0).liveCount()).as("seed %d: the far side is declared dead", seed).isEqualTo(N / 2);
        if (partitionMs > p.swim(true).deadReapMs() + 60_000) {
            assertThat(c.node(0).members()).as("seed %d: and forgotten", seed).hasSize(N / 2);
        }
        c.heal();
        long healedAt = c.scheduler().nowMs();
        boolean converged = c.scheduler().runWhile(() -> !allSeeAll(c), healedAt + 200_000);
        return converged ? c.scheduler().nowMs() - healedAt : -1;
    }

    private static boolean allSeeAll(GossipCluster c) {
        for (int i = 0; i < c.size(); i++) {
            if (c.node(i).liveCount() != c.size()
                    || c.node(i).members().stream().anyMatch(m -> m.state() != io.tally.gossip.MemberState.ALIVE)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aPartitionShorterThanTheReapTimeHealsWithinAPushPullPeriod() {
        GossipSeeds.seeds().limit(5).forEach(seed -> {
            long ms = healTimeMs(seed, 40_000);
            assertThat(ms).as("seed %d", seed).isBetween(0L, 35_000L);
        });
    }

    @Test
    void aPartitionLongerThanTheReapTimeHealsThroughReconnect() {
        GossipSeeds.seeds().limit(5).forEach(seed -> {
            long ms = healTimeMs(seed, 150_000);
            assertThat(ms).as("seed %d", seed).isBetween(0L, 65_000L);
        });
    }
}
