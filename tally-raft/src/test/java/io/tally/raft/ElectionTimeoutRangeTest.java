package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.raft.storage.RecoveredState;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The configurable election timeout range: defaults keep [base, 2*base), a set range bounds when a node campaigns. */
class ElectionTimeoutRangeTest {

    @Test
    void defaultsAndWithTimeoutsKeepTheClassicRange() {
        RaftConfig d = RaftConfig.defaults("a");
        assertThat(d.electionTimeoutMaxTicks()).isEqualTo(2 * d.electionTimeoutTicks() - 1);
        RaftConfig t = d.withElectionTimeoutRange(150, 155).withTimeouts(10, 2);
        assertThat(t.electionTimeoutMaxTicks()).isEqualTo(19);
        assertThat(RaftConfig.fromMillis("a", 10, 200, 50).electionTimeoutMaxTicks()).isEqualTo(39);
    }

    @Test
    void otherWithersKeepASetRange() {
        RaftConfig c = RaftConfig.defaults("a").withElectionTimeoutRange(150, 151).withPreVote(false)
                .withCheckQuorum(false).withReadMode(ReadMode.SAFE).withFlowControl(4, 1000, 100)
                .withSnapshotChunkBytes(64);
        assertThat(c.electionTimeoutTicks()).isEqualTo(150);
        assertThat(c.electionTimeoutMaxTicks()).isEqualTo(151);
    }

    @Test
    void aMaxBelowTheMinIsRejectedWithBothValues() {
        assertThatThrownBy(() -> RaftConfig.defaults("a").withElectionTimeoutRange(150, 149))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("149 < 150");
    }

    @Test
    void aFixedTimeoutCampaignsExactlyAfterThatManyTicks() {
        for (int fixed : new int[] {3, 7, 25}) {
            RaftConfig cfg = RaftConfig.defaults("a").withTimeouts(fixed, 1).withElectionTimeoutRange(fixed, fixed)
                    .withPreVote(false).withCheckQuorum(false);
            RaftNode n = new RaftNode(cfg, RecoveredState.bootstrap(Configuration.ofVoters("a", "b", "c")),
                    new Random(fixed));
            drain(n);
            int ticks = 0;
            while (n.role() == Role.FOLLOWER) {
                n.tick();
                drain(n);
                ticks++;
                assertThat(ticks).as("campaigns within the fixed timeout").isLessThanOrEqualTo(fixed);
            }
            assertThat(ticks).isEqualTo(fixed);
        }
    }

    private static void drain(RaftNode n) {
        while (n.hasReady()) {
            Ready r = n.ready();
            n.advance(r);
        }
    }
}
