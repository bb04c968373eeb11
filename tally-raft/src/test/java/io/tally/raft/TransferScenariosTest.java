package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.TimeoutNow;
import org.junit.jupiter.api.Test;

/** Leadership transfer (dissertation §3.10). */
class TransferScenariosTest {

    @Test
    void leadershipMovesToAnUpToDateFollower() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.propose("n1", "1");
        long term = c.node("n1").term();
        assertThat(c.node("n1").transferLeadership("n2")).isTrue();
        c.deliverAll();
        assertThat(c.node("n2").role()).isEqualTo(Role.LEADER);
        assertThat(c.node("n2").term()).isEqualTo(term + 1);
        assertThat(c.node("n1").role()).isEqualTo(Role.FOLLOWER);
        c.propose("n2", "2");
        assertThat(c.app("n1").counter).isEqualTo(3);
    }

    @Test
    void laggingTargetIsCaughtUpBeforeTimeoutNow() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.isolate("n3");
        c.propose("n1", "1");
        c.propose("n1", "1");
        c.heal();
        c.node("n1").transferLeadership("n3");
        assertThat(c.node("n1").propose(Proposal.of("1".getBytes())))
                .as("no proposals during a transfer").isInstanceOf(ProposeResult.Dropped.class);
        c.deliverAll();
        TimeoutNow tn = c.delivered.stream().filter(m -> m instanceof TimeoutNow).map(m -> (TimeoutNow) m)
                .findFirst().orElseThrow();
        assertThat(tn.to()).isEqualTo("n3");
        assertThat(c.node("n3").role()).isEqualTo(Role.LEADER);
        assertThat(c.app("n3").counter).isEqualTo(2);
    }

    @Test
    void transferToAnUnreachableTargetTimesOutAndTheLeaderResumes() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.isolate("n3");
        c.node("n1").transferLeadership("n3");
        c.tick(11, "n1", "n2");
        assertThat(c.node("n1").role()).isEqualTo(Role.LEADER);
        assertThat(c.node("n1").propose(Proposal.of("1".getBytes()))).isInstanceOf(ProposeResult.Accepted.class);
    }

    @Test
    void onlyAVoterCanBecomeTheTarget() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        assertThat(c.node("n1").transferLeadership("n9")).isFalse();
        assertThat(c.node("n1").transferLeadership("n1")).isFalse();
        assertThat(c.node("n2").transferLeadership("n3")).as("not the leader").isFalse();
    }
}
