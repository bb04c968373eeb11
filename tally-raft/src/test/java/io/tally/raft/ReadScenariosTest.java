package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.Heartbeat;
import org.junit.jupiter.api.Test;

/** Linearizable reads without log writes: ReadIndex on leader and followers, and leader leases. */
class ReadScenariosTest {

    @Test
    void readIndexOnFollowerAsksTheLeaderAndWaitsForApply() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.propose("n1", "3");
        c.node("n2").readIndex(77);
        c.deliverAll();
        assertThat(c.reads.get("n2")).singleElement().satisfies(rs -> {
            assertThat(rs.requestId()).isEqualTo(77);
            assertThat(rs.readIndex()).isEqualTo(c.node("n1").commitIndex());
        });
        assertThat(c.node("n2").appliedIndex()).isGreaterThanOrEqualTo(c.reads.get("n2").get(0).readIndex());
    }

    @Test
    void readIndexOnLeaderNeedsAHeartbeatRoundAcknowledgedByAQuorum() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").readIndex(5);
        c.processAll();
        assertThat(c.reads.get("n1")).isEmpty();
        assertThat(c.inFlight).hasOnlyElementsOfType(Heartbeat.class).hasSize(2);
        c.deliverAll();
        assertThat(c.reads.get("n1")).extracting(ReadState::requestId).containsExactly(5L);
    }

    @Test
    void isolatedStaleLeaderNeverServesAReadAndFailsItWhenSteppingDown() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.isolate("n1");
        c.node("n1").readIndex(9);
        c.deliverAll();
        c.tick(25, "n1"); // check-quorum makes it step down
        assertThat(c.reads.get("n1")).isEmpty();
        assertThat(c.failedReads.get("n1")).containsExactly(9L);
    }

    @Test
    void readOnNewLeaderWaitsUntilItCommittedAnEntryOfItsTerm() {
        Cluster c = Cluster.of(3);
        c.node("n1").campaign();
        c.deliverOnly(m -> true); // pre-votes
        c.deliverOnly(m -> true); // pre-vote answers -> RequestVotes
        c.deliverOnly(m -> true); // votes
        c.deliverOnly(m -> true); // vote answers: n1 leader, its no-op not yet replicated
        assertThat(c.node("n1").role()).isEqualTo(Role.LEADER);
        c.node("n1").readIndex(1);
        c.processAll();
        assertThat(c.reads.get("n1")).isEmpty();
        c.deliverAll();
        assertThat(c.reads.get("n1")).singleElement()
                .satisfies(rs -> assertThat(rs.readIndex()).isEqualTo(c.node("n1").commitIndex()));
    }

    @Test
    void followerWithoutLeaderFailsTheReadAtOnce() {
        Cluster c = Cluster.of(3);
        c.node("n2").readIndex(4);
        c.processAll();
        assertThat(c.failedReads.get("n2")).containsExactly(4L);
    }

    @Test
    void leaseReadIsServedWithoutMessagesWhileTheLeaseHolds() {
        Cluster c = Cluster.of(3, id -> RaftConfig.defaults(id).withTimeouts(10, 2).withReadMode(ReadMode.LEASE));
        c.elect("n1");
        c.tickAll(2); // a heartbeat round acknowledged by the followers
        c.node("n1").readIndex(1);
        c.processAll();
        assertThat(c.reads.get("n1")).extracting(ReadState::requestId).containsExactly(1L);
        assertThat(c.inFlight).isEmpty();

        // cut off, the lease runs out after electionTimeout - drift (10 - 2) ticks from the last acknowledged send
        c.isolate("n1");
        c.tick(8, "n1");
        c.node("n1").readIndex(2);
        c.processAll();
        assertThat(c.reads.get("n1")).extracting(ReadState::requestId).containsExactly(1L);
    }
}
