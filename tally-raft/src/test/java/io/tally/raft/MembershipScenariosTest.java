package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.RaftMessage;
import io.tally.raft.storage.MemoryRaftStorage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Joint consensus, learners and their promotion, leader removal, a leader crash in the middle of a change. */
class MembershipScenariosTest {

    private static RaftConfig cfg(String id) {
        return RaftConfig.defaults(id).withTimeouts(10, 2);
    }

    private static boolean carriesFinalConfig(RaftMessage m) {
        return m instanceof AppendEntries ae && ae.entries().stream().anyMatch(
                e -> e.type() == EntryType.CONFIG && !Configuration.decode(e.data()).isJoint());
    }

    @Test
    void leaderCrashAfterJointConfigCommitsIsFinishedByTheNextLeader() {
        Cluster c = Cluster.of(3);
        c.add(cfg("n4"), new MemoryRaftStorage());
        c.elect("n1");
        ProposeResult r = c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_VOTER, "n4"));
        assertThat(r).isInstanceOf(ProposeResult.Accepted.class);
        // the joint entry commits; n1 appends C_new but crashes before anyone receives it
        c.deliverDropping(MembershipScenariosTest::carriesFinalConfig);
        assertThat(c.node("n1").configuration().voters()).containsExactly("n1", "n2", "n3", "n4");
        assertThat(c.node("n2").configuration().isJoint()).isTrue();
        c.crash("n1");

        String leader = c.tickUntilLeader();
        c.tickAll(5);
        for (String id : List.of("n2", "n3", "n4")) {
            Configuration conf = c.node(id).configuration();
            assertThat(conf.isJoint()).as(id).isFalse();
            assertThat(conf.voters()).as(id).containsExactly("n1", "n2", "n3", "n4");
        }
        c.propose(leader, "9");
        c.tickAll(3);
        assertThat(c.app("n4").counter).isEqualTo(9);
        c.assertStateMachineSafety();
    }

    @Test
    void leaderCrashBeforeJointConfigCommitsLeavesAConsistentConfiguration() {
        Cluster c = Cluster.of(3);
        c.add(cfg("n4"), new MemoryRaftStorage());
        c.elect("n1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_VOTER, "n4"));
        // the joint entry reaches only n2 before the leader dies
        c.deliverDropping(m -> m.from().equals("n1") && !m.to().equals("n2"));
        c.crash("n1");
        String leader = c.tickUntilLeader();
        c.tickAll(10);
        Configuration expected = c.node(leader).configuration();
        assertThat(expected.isJoint()).isFalse();
        for (String id : List.of("n2", "n3")) {
            assertThat(c.node(id).configuration()).as(id).isEqualTo(expected);
        }
        // either the change survived (n2 won) and was completed, or it was dropped (n3 won)
        assertThat(Set.of(Set.of("n1", "n2", "n3"), Set.of("n1", "n2", "n3", "n4"))).contains(Set.copyOf(expected.voters()));
        c.assertStateMachineSafety();
    }

    @Test
    void aLearnerWhoseAppendsWereAllLostIsProbedAgainByHeartbeatsWithoutNewWrites() {
        Cluster c = Cluster.of(3);
        c.add(cfg("n4"), new MemoryRaftStorage());
        c.elect("n1");
        c.propose("n1", "1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_LEARNER, "n4"));
        // Every append to the new learner is lost while the change commits; no write follows.
        c.deliverDropping(m -> m instanceof AppendEntries && m.to().equals("n4"));
        assertThat(c.node("n1").configuration().learners()).containsExactly("n4");
        assertThat(c.app("n4").counter).isZero();
        c.tickAll(10);
        assertThat(c.app("n4").counter).as("heartbeat acks from a probing follower trigger a new probe").isEqualTo(1);
    }

    @Test
    void learnerReplicatesWithoutVotingThenIsPromoted() {
        Cluster c = Cluster.of(3);
        c.add(cfg("n4"), new MemoryRaftStorage());
        c.elect("n1");
        c.propose("n1", "1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_LEARNER, "n4"));
        c.tickAll(3);
        assertThat(c.node("n1").configuration().learners()).containsExactly("n4");
        assertThat(c.app("n4").counter).isEqualTo(1);
        long term = c.node("n1").term();
        c.isolate("n4");
        c.tick(100, "n4");
        assertThat(c.node("n4").role()).as("a learner never campaigns").isEqualTo(Role.FOLLOWER);
        assertThat(c.node("n4").term()).isEqualTo(term);
        c.heal();

        ProposeResult r = c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.PROMOTE, "n4"));
        assertThat(r).isInstanceOf(ProposeResult.Accepted.class);
        c.tickAll(3);
        Configuration conf = c.node("n4").configuration();
        assertThat(conf.isJoint()).isFalse();
        assertThat(conf.voters()).containsExactly("n1", "n2", "n3", "n4");
        assertThat(conf.learners()).isEmpty();
        // with four voters, two crashed nodes stop progress, one does not
        c.crash("n2");
        c.propose("n1", "2");
        assertThat(c.app("n1").counter).isEqualTo(3);
    }

    @Test
    void oneChangeAtATime() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_LEARNER, "n4"));
        ProposeResult second = c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.ADD_LEARNER, "n5"));
        assertThat(second).isInstanceOf(ProposeResult.Dropped.class);
    }

    @Test
    void removedLeaderStepsDownOnceTheNewConfigurationCommits() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.REMOVE, "n1"));
        c.deliverAll();
        assertThat(c.node("n1").role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node("n2").configuration().voters()).containsExactly("n2", "n3");
        c.crash("n1");
        String leader = c.tickUntilLeader();
        assertThat(leader).isIn("n2", "n3");
        c.propose(leader, "4");
        assertThat(c.app("n2").counter).isEqualTo(4);
    }

    /**
     * Raft dissertation §4.2.2: a server that is not part of its own latest configuration must still start elections
     * while that configuration is uncommitted, because the cluster may need it to commit it. Found by the simulator
     * (tally sim raft --seed 577 --nodes 3 --faults all): the leader removed itself, appended C_new = {n3} after the
     * joint configuration committed, and crashed before n3 received it. n3, still joint, needed n1's vote, which n1
     * refused (its log is longer), and n1 never campaigned: no leader ever again.
     */
    @Test
    void aServerOutsideItsLatestUncommittedConfigurationStillCampaignsUntilItCommits() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.REMOVE, "n2"));
        c.tickAll(5);
        assertThat(c.node("n3").configuration()).isEqualTo(Configuration.ofVoters("n1", "n3"));
        c.crash("n2");

        c.node("n1").proposeConfChange(ConfChange.of(ConfChange.Type.REMOVE, "n1"));
        c.deliverDropping(MembershipScenariosTest::carriesFinalConfig);
        assertThat(c.node("n1").configuration()).as("n1 appended C_new").isEqualTo(Configuration.ofVoters("n3"));
        assertThat(c.node("n3").configuration().isJoint()).as("n3 never received C_new").isTrue();
        c.crash("n1");
        c.restart("n1");

        c.tickUntilLeader();
        c.tickAll(30);
        String leader = c.tickUntilLeader();
        assertThat(leader).as("n1 finished the change, stepped down and n3 took over").isEqualTo("n3");
        assertThat(c.node("n3").configuration()).isEqualTo(Configuration.ofVoters("n3"));
        assertThat(c.node("n1").role()).isNotEqualTo(Role.LEADER);
        c.propose("n3", "5");
        assertThat(c.app("n3").counter).isEqualTo(5);
        c.assertStateMachineSafety();
    }
}
