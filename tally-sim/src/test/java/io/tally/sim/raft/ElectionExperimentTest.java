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
    void narrowRangesFromTheTopGraphRunAndNoElectionEndsBeforeTheMinimumTimeoutMinusAHeartbeat() {
        for (long max : new long[] {150, 151, 155}) {
            var p = new ElectionExperiment.Params(5, 15, 150, max, 15, false, 50);
            var r = new ElectionExperiment(4, p).run();
            assertThat(r.sortedMs().length + r.unfinished()).isEqualTo(15);
            assertThat(r.sortedMs()).isNotEmpty();
            assertThat(r.sortedMs()[0]).isGreaterThanOrEqualTo(150 - 50 - 15);
            assertThat(ElectionExperiment.table(List.of(r)).get(1)).startsWith("150-" + max);
        }
    }

    @Test
    void anInvertedRangeIsRejectedWithBothEnds() {
        assertThatThrownBy(() -> new ElectionExperiment.Params(5, 10, 150, 149, 15, false, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MIN <= MAX")
                .hasMessageContaining("150-149");
    }
}
