package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks have teeth: a harness that breaks persist-before-send is caught within a few seeds. */
class ChecksCatchHarnessBugsTest {

    private static List<String> failures(HarnessBug bug, String faults, int seeds) {
        List<String> out = new ArrayList<>();
        // No snapshots: these runs are about durability of votes and entries.
        SimOptions o = SimOptions.defaults().withFaults(FaultKind.parse(faults)).withCompactEveryEntries(0);
        for (long s = 1; s <= seeds; s++) {
            SimResult r = new RaftSimulation(s, o, bug).run();
            if (!r.ok()) {
                out.add(r.failure());
            }
        }
        return out;
    }

    @Test
    void fsyncThatDoesNothingIsCaughtUnderCrashes() {
        List<String> f = failures(HarnessBug.SYNC_IS_A_NO_OP, "crash", 30);
        assertThat(f).anySatisfy(m -> assertThat(m).containsAnyOf("election safety", "log matching",
                "leader completeness", "state machine safety", "linearizability", "acknowledged write lost"));
    }

    @Test
    void acknowledgingBeforePersistingIsCaughtUnderCrashes() {
        // Only a slow disk leaves a window between the early acknowledgement and the sync.
        List<String> f = failures(HarnessBug.SEND_BEFORE_PERSIST, "crash,disk", 60);
        assertThat(f).anySatisfy(m -> assertThat(m).containsAnyOf("election safety", "log matching",
                "leader completeness", "state machine safety", "linearizability", "acknowledged write lost",
                "convergence"));
    }

    @Test
    void readsServedLocallyWithoutReadIndexAreCaughtAsNotLinearizable() {
        List<String> f = failures(HarnessBug.READ_LOCALLY, "network", 30);
        assertThat(f).anySatisfy(m -> assertThat(m).startsWith("linearizability"));
    }

    @Test
    void theCorrectHarnessPassesTheSameSeeds() {
        assertThat(failures(HarnessBug.NONE, "crash,disk", 60)).isEmpty();
    }
}
