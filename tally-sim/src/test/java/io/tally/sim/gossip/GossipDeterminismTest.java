package io.tally.sim.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GossipDeterminismTest {

    @Test
    void theSameSeedGivesTheSameReportAndTrace() {
        GossipSimParams p = new GossipSimParams(15, 10, 0.02, 99, true, 1000, 0.1, 30_000);
        GossipReport a = GossipSimulation.run(p);
        GossipReport b = GossipSimulation.run(p);
        assertThat(b).isEqualTo(a);
        assertThat(b.lines()).isEqualTo(a.lines());
    }

    @Test
    void anotherSeedGivesAnotherTrace() {
        GossipReport a = GossipSimulation.run(GossipSeeds.quick(15, 1));
        GossipReport b = GossipSimulation.run(GossipSeeds.quick(15, 2));
        assertThat(b.traceHash()).isNotEqualTo(a.traceHash());
    }
}
