package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TickIndependenceTest {

    private static List<String> run(boolean onlyWhenDue) {
        TestCluster c = TestCluster.of(SwimConfig.defaults().withLifetimes(5_000, 5_000, 10_000), 6);
        c.tickOnlyWhenDue = onlyWhenDue;
        c.loss = 0.05;
        c.lossRandom = new java.util.Random(17);
        c.runUntil(5_000, 1);
        c.down.add("n4");
        c.runUntil(40_000, 1);
        c.down.clear();
        c.runUntil(60_000, 1);
        return c.eventLog;
    }

    @Test
    void tickingOnlyAtTheAnnouncedDeadlinesGivesTheSameRunAsTickingEveryMillisecond() {
        List<String> sparse = run(true);
        List<String> dense = run(false);
        // n4 and the others declare each other dead and forget each other; reconnect heals it.
        assertThat(sparse).containsSubsequence("n1:DEAD:n4", "n1:REAPED:n4", "n1:JOINED:n4");
        assertThat(sparse).isEqualTo(dense);
    }
}
