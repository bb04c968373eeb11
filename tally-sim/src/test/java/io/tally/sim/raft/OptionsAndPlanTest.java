package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.sim.kernel.SimRandom;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsAndPlanTest {

    @Test
    void faultListsParseAndFormatBack() {
        assertThat(FaultKind.parse("none")).isEmpty();
        assertThat(FaultKind.parse("all")).isEqualTo(EnumSet.allOf(FaultKind.class));
        assertThat(FaultKind.parse("network")).containsExactlyInAnyOrder(FaultKind.NETWORK, FaultKind.PARTITION);
        assertThat(FaultKind.parse("crash, pause")).containsExactlyInAnyOrder(FaultKind.CRASH, FaultKind.PAUSE);
        assertThat(FaultKind.parse(FaultKind.format(Set.of(FaultKind.DISK, FaultKind.CRASH))))
                .containsExactlyInAnyOrder(FaultKind.DISK, FaultKind.CRASH);
        assertThatThrownBy(() -> FaultKind.parse("meteor")).hasMessageContaining("expected faults");
    }

    @Test
    void noFaultsMeansAFaultFreePlan() {
        for (long s = 0; s < 50; s++) {
            FaultPlan p = FaultPlan.draw(new SimRandom(s).stream("plan"), SimOptions.defaults().withFaults(Set.of()));
            assertThat(p.network().lossProbability()).isZero();
            assertThat(p.network().duplicateProbability()).isZero();
            assertThat(p.network().reorderProbability()).isZero();
            assertThat(p.partitionEveryMs() + p.crashEveryMs() + p.pauseEveryMs()).isZero();
            assertThat(p.syncLatencyMs()).containsOnly(0L);
        }
    }

    @Test
    void swarmSwitchesFaultsOnAndOffAcrossSeeds() {
        int withLoss = 0;
        int withCrashes = 0;
        for (long s = 0; s < 100; s++) {
            FaultPlan p = FaultPlan.draw(new SimRandom(s).stream("plan"), SimOptions.defaults());
            withLoss += p.network().lossProbability() > 0 ? 1 : 0;
            withCrashes += p.crashEveryMs() > 0 ? 1 : 0;
        }
        assertThat(withLoss).isBetween(40, 95);
        assertThat(withCrashes).isBetween(40, 95);
    }

    @Test
    void seedRangesParse() {
        assertThat(RaftSimRunner.SeedRange.parse("1..1000")).isEqualTo(new RaftSimRunner.SeedRange(1, 1000));
        assertThat(RaftSimRunner.SeedRange.parse("7").count()).isEqualTo(1);
        assertThatThrownBy(() -> RaftSimRunner.SeedRange.parse("5..1")).hasMessageContaining("A <= B");
        assertThatThrownBy(() -> RaftSimRunner.SeedRange.parse("x..y")).hasMessageContaining("expected seeds");
    }

    @Test
    void replayCommandCarriesEveryOption() {
        SimOptions o = SimOptions.defaults().withNodes(3).withFaults(FaultKind.parse("crash")).withLatencyMs(7);
        assertThat(RaftSimRunner.replayCommand(12, o))
                .isEqualTo("tally sim raft --seed 12 --nodes 3 --faults crash --latency-ms 7");
    }

    @Test
    void runnerPrintsOneLinePerFailureAndTheSummaryLast() {
        var lines = new java.util.ArrayList<String>();
        long failed = RaftSimRunner.runSeeds(new RaftSimRunner.SeedRange(1, 3),
                SimOptions.defaults().withFaults(Set.of()), true, lines::add);
        assertThat(failed).isZero();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("seed 1: ok trace=[0-9a-f]{16}");
        assertThat(lines.get(3)).isEqualTo("raft sim: 3 seeds, 0 failed");
    }
}
