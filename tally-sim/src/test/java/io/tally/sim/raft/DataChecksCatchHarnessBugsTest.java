package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.sim.data.RaftDataWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks keep their teeth with the data layer's state machine: the same harness bugs are caught. */
class DataChecksCatchHarnessBugsTest {

    private static List<String> failures(String workload, HarnessBug bug, String faults, int seeds) {
        List<String> out = new ArrayList<>();
        SimOptions o = SimOptions.defaults().withFaults(FaultKind.parse(faults)).withCompactEveryEntries(0)
                .withWorkload(RaftDataWorkload.named(workload));
        for (long s = 1; s <= seeds; s++) {
            SimResult r = new RaftSimulation(s, o, bug).run();
            if (!r.ok()) {
                out.add(r.failure());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"counter", "register", "items"})
    void readsServedLocallyWithoutReadIndexAreCaughtAsNotLinearizable(String workload) {
        List<String> f = failures(workload, HarnessBug.READ_LOCALLY, "network", 30);
        assertThat(f).anySatisfy(m -> assertThat(m).startsWith("linearizability"));
    }

    /** One workload (about 4 s); the counter's seeds 1..30 are caught too (about 5 s more). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"register"})
    void fsyncThatDoesNothingIsCaughtUnderCrashes(String workload) {
        // Lost votes and entries break Raft's own invariants: some seeds then violate safety, others leave a node
        // that can never catch up (the counter's seeds show it as convergence or liveness failures).
        List<String> f = failures(workload, HarnessBug.SYNC_IS_A_NO_OP, "crash", 30);
        assertThat(f).anySatisfy(m -> assertThat(m).containsAnyOf("election safety", "log matching",
                "leader completeness", "state machine safety", "linearizability", "acknowledged write lost",
                "convergence", "liveness"));
    }
}
