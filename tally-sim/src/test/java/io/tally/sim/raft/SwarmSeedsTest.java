package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many seeds per fault mix, each with its own swarm of fault parameters: every run must pass every
 * check. The seed count is the system property {@code tally.sim.seeds} (200 in CI, 5000 under
 * {@code -Psoak}). A failure lists each failing seed with the command that replays it.
 */
class SwarmSeedsTest {

    /** A mix is {@code faults[/lease][@nodes]} (5 nodes unless given). */
    @ParameterizedTest(name = "faults {0}")
    @ValueSource(strings = {"none", "network", "crash", "disk,pause", "crash,partition,membership", "all", "all/lease",
        "all@3"})
    void everySeedPassesEveryCheck(String mix) {
        int seeds = Integer.getInteger("tally.sim.seeds", 200);
        String[] sized = mix.split("@");
        String[] parts = sized[0].split("/");
        SimOptions options = SimOptions.defaults().withFaults(FaultKind.parse(parts[0]));
        if (parts.length > 1) {
            options = options.withReadMode(io.tally.raft.ReadMode.LEASE);
        }
        if (sized.length > 1) {
            options = options.withNodes(Integer.parseInt(sized[1]));
        }
        List<String> failed = new ArrayList<>();
        RaftSimRunner.runSeeds(new RaftSimRunner.SeedRange(1, seeds), options, false, line -> {
            if (!line.startsWith("raft sim:")) {
                failed.add(line);
            }
        });
        assertThat(failed).as("failing seeds (add them to regression-seeds.txt once understood)").isEmpty();
    }
}
