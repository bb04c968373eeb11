package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.storage.MemoryRaftStorage;
import io.tally.raft.storage.RecoveredState;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A bootstrapped node makes its initial membership durable; a restarted node keeps it. */
class BootstrapTest {

    @Test
    void firstReadyOfABootstrappedNodeCarriesTheInitialConfigurationAsIndexZeroSnapshot() {
        Configuration initial = Configuration.ofVoters("a", "b", "c");
        RaftNode n = new RaftNode(RaftConfig.defaults("a"), RecoveredState.bootstrap(initial), new Random(1));
        assertThat(n.hasReady()).isTrue();
        Ready r = n.ready();
        assertThat(r.localSnapshot()).isEqualTo(Snapshot.bootstrap(initial));

        MemoryRaftStorage empty = new MemoryRaftStorage(); // what any fresh storage holds: an empty index-0 snapshot
        empty.persist(r);
        n.advance(r);
        assertThat(empty.recover().snapshot().metadata().configuration()).isEqualTo(initial);
        RaftNode restarted = new RaftNode(RaftConfig.defaults("a"), empty.recover(), new Random(2));
        assertThat(restarted.configuration()).isEqualTo(initial);
    }

    @Test
    void aNodeWaitingToJoinHasNoConfigurationAndNeverCampaigns() {
        RaftNode n = new RaftNode(RaftConfig.defaults("z"), RecoveredState.empty(), new Random(1));
        assertThat(n.hasReady()).isFalse();
        for (int i = 0; i < 200; i++) {
            n.tick();
        }
        assertThat(n.role()).isEqualTo(Role.FOLLOWER);
        assertThat(n.term()).isZero();
    }
}
