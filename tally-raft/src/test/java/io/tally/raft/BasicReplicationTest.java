package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A cluster elects, replicates, commits and applies; a single voter commits alone. */
class BasicReplicationTest {
    @Test
    void threeNodesElectReplicateAndApply() {
        Cluster c = Cluster.of(3);
        c.tickAll(40);
        String leader = c.leader();
        assertThat(leader).isNotNull();
        for (int i = 1; i <= 5; i++) {
            c.propose(leader, Integer.toString(i));
        }
        c.tickAll(5);
        for (String id : c.nodes.keySet()) {
            assertThat(c.app(id).counter).as(id).isEqualTo(15);
        }
        c.assertStateMachineSafety();
    }

    @Test
    void singleNodeCommitsAlone() {
        Cluster c = Cluster.of(1);
        c.elect("n1");
        c.propose("n1", "7");
        assertThat(c.app("n1").counter).isEqualTo(7);
    }
}
