package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionExperimentTest {

    @Test
    void everyLeaderCrashIsFollowedByANewLeaderAfterAtLeastMostOfTheMinimumTimeout() {
        var p = ElectionExperiment.Params.paper(5, 60, 150, 15);
        var r = new ElectionExperiment(3, p).run();
        assertThat(r.unfinished()).isZero();
        assertThat(r.sortedMs()).hasSize(60);
        // A follower's timer started at its last heartbeat (at most one heartbeat plus latency ago):
        // no election can finish before minTimeout - heartbeat - latency.
        assertThat(r.sortedMs()[0]).isGreaterThanOrEqualTo(150 - 50 - 15);
        assertThat(r.percentile(50)).isBetween(150L, 450L);
        assertThat(ElectionExperiment.table(List.of(r))).hasSize(2).last().asString().startsWith("150-300");
    }

    @Test
    void sameSeedSameDistribution() {
        var p = ElectionExperiment.Params.paper(5, 20, 50, 15);
        assertThat(new ElectionExperiment(9, p).run().sortedMs()).isEqualTo(new ElectionExperiment(9, p).run().sortedMs());
    }

    @Test
    void rangesTheCoreCannotDrawAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new ElectionExperiment.Params(5, 10, 150, 155, 15, false, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[base, 2*base)");
    }
}
