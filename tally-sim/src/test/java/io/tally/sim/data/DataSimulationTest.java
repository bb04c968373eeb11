package io.tally.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.sim.linearizability.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data state machine on replicas of one log, with loss, retries, crashes and snapshots: linearizable and converged. */
class DataSimulationTest {
    private static final int SEEDS = Math.max(1, Integer.getInteger("tally.sim.seeds", 200) / 10);

    private static <S, I, O> void runSeeds(DataWorkload<S, I, O> workload) {
        List<String> failures = new ArrayList<>();
        int duplicates = 0;
        int crashes = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            LogSimulation.Report r = new LogSimulation<>(seed, LogSimOptions.defaults(), workload).run();
            if (!r.ok()) {
                failures.add(r.toString());
            }
            duplicates += r.duplicateEntries();
            crashes += r.crashes();
        }
        assertThat(failures).isEmpty();
        // the runs did exercise retries that reached the log twice and replicas restarting from snapshots
        assertThat(duplicates).isPositive();
        assertThat(crashes).isPositive();
    }

    @Test
    void countersAreLinearizableAndReplicasConverge() {
        runSeeds(new CounterWorkload());
    }

    @Test
    void registersWithCompareAndSetAreLinearizableAndReplicasConverge() {
        runSeeds(new RegisterWorkload());
    }

    @Test
    void itemCountsAreLinearizableAndReplicasConverge() {
        runSeeds(new ItemsWorkload());
    }

    @Test
    void aRunIsReproducibleFromItsSeed() {
        LogSimulation.Report a = new LogSimulation<>(42, LogSimOptions.defaults(), new RegisterWorkload()).run();
        LogSimulation.Report b = new LogSimulation<>(42, LogSimOptions.defaults(), new RegisterWorkload()).run();
        assertThat(b).isEqualTo(a);
    }

    /** Without sessions a retried increment is applied twice: the checker must see it. */
    @Test
    void withoutSessionsDoubledRetriesAreCaught() {
        int caught = 0;
        for (long seed = 1; seed <= 10; seed++) {
            LogSimulation.Report r = new LogSimulation<>(seed, LogSimOptions.defaults().withSessions(false), new CounterWorkload()).run();
            if (r.linearizability() != null && r.linearizability().verdict() == Verdict.NOT_LINEARIZABLE) {
                caught++;
            }
        }
        assertThat(caught).isPositive();
    }
}
