package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code tally sim raft-election} run in-process: the table of the paper's ranges, and bad options. */
class SimRaftElectionCommandTest {

    @Test
    void narrowRangesOfTheTopGraphRunAndPrintOneRowEach() {
        SimRaftCommandTest.Run r = SimRaftCommandTest.tally("sim", "raft-election", "--trials", "5",
                "--timeout-ms", "150-155,150-300");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).hasSize(4);
        assertThat(r.out().get(0)).startsWith("raft-election: 5 nodes, 5 leader crashes per range, broadcast 15 ms");
        assertThat(r.out().get(1)).startsWith("timeout-ms");
        assertThat(r.out().get(2)).matches("150-155 +5( +\\d+){4}");
        assertThat(r.out().get(3)).matches("150-300 +5( +\\d+){4}");
        assertThat(SimRaftCommandTest.tally("sim", "raft-election", "--trials", "5", "--timeout-ms", "150-155,150-300")
                .out()).as("same seed, same table").isEqualTo(r.out());
    }

    @Test
    void badRangesAndSizesExitTwoWithWhatWasExpected() {
        SimRaftCommandTest.Run inverted = SimRaftCommandTest.tally("sim", "raft-election", "--timeout-ms", "150-100");
        assertThat(inverted.exit()).isEqualTo(2);
        assertThat(inverted.err()).contains("MIN <= MAX").contains("150-100");

        SimRaftCommandTest.Run words = SimRaftCommandTest.tally("sim", "raft-election", "--timeout-ms", "fast-slow");
        assertThat(words.exit()).isEqualTo(2);
        assertThat(words.err()).contains("expected a timeout range MIN-MAX in whole ms").contains("fast-slow");

        SimRaftCommandTest.Run nodes = SimRaftCommandTest.tally("sim", "raft-election", "--nodes", "2");
        assertThat(nodes.exit()).isEqualTo(2);
        assertThat(nodes.err()).contains("expected --nodes >= 3");

        SimRaftCommandTest.Run ticks = SimRaftCommandTest.tally("sim", "raft-election", "--ticks-per-ms", "0");
        assertThat(ticks.exit()).isEqualTo(2);
        assertThat(ticks.err()).contains("ticksPerMs");
    }
}
