package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Scripted election scenarios: stale leaders, pre-vote, check-quorum, restarts. */
class ElectionScenariosTest {

    @Test
    void staleLeaderRejoiningStepsDownAndLosesItsUncommittedEntries() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.propose("n1", "1");
        long oldTerm = c.node("n1").term();
        c.isolate("n1");
        c.node("n1").propose(Proposal.of("stale".getBytes(StandardCharsets.UTF_8)));
        c.deliverAll();
        // only n2 and n3 tick: n1 still believes it leads
        for (int i = 0; i < 60 && c.node("n2").role() != Role.LEADER && c.node("n3").role() != Role.LEADER; i++) {
            c.tick(1, "n2", "n3");
        }
        String newLeader = c.node("n2").role() == Role.LEADER ? "n2" : "n3";
        assertThat(c.node(newLeader).term()).isGreaterThan(oldTerm);
        assertThat(c.node("n1").role()).isEqualTo(Role.LEADER);
        c.propose(newLeader, "2");

        c.heal();
        c.tickAll(5);
        assertThat(c.node("n1").role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node("n1").term()).isEqualTo(c.node(newLeader).term());
        for (String id : c.nodes.keySet()) {
            assertThat(c.app(id).applied).as(id).containsExactly("1", "2");
        }
        c.assertStateMachineSafety();
    }

    @Test
    void partitionedNodeWithPreVoteDoesNotInflateItsTermNorDisruptOnRejoin() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        long term = c.node("n1").term();
        c.isolate("n3");
        c.tickAll(200); // n3 keeps timing out alone
        assertThat(c.node("n3").term()).as("pre-vote never wins, so the term stays").isEqualTo(term);
        c.propose("n1", "5");
        c.heal();
        c.tickAll(10);
        assertThat(c.node("n1").role()).isEqualTo(Role.LEADER);
        assertThat(c.node("n1").term()).isEqualTo(term);
        assertThat(c.app("n3").counter).isEqualTo(5);
    }

    @Test
    void withoutPreVoteARejoiningNodeWithHigherTermDisruptsTheLeader() {
        Cluster c = Cluster.of(3, id -> RaftConfig.defaults(id).withTimeouts(10, 2).withPreVote(false)
                .withCheckQuorum(false));
        c.elect("n1");
        long term = c.node("n1").term();
        c.isolate("n3");
        c.tickAll(100);
        assertThat(c.node("n3").term()).isGreaterThan(term + 2);
        c.heal();
        c.tickAll(3);
        assertThat(c.node("n1").term()).as("the contrast that pre-vote prevents").isGreaterThan(term);
    }

    @Test
    void leaderThatCannotHearAQuorumStepsDown() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        c.isolate("n1");
        c.tick(9, "n1");
        assertThat(c.node("n1").role()).isEqualTo(Role.LEADER);
        c.tick(12, "n1"); // two election timeouts (10 ticks) without any response
        assertThat(c.node("n1").role()).isEqualTo(Role.FOLLOWER);
    }

    @Test
    void followerThatHeardFromLeaderIgnoresVoteRequestsUnderCheckQuorum() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        long term = c.node("n1").term();
        c.node("n2").step(new io.tally.raft.message.RequestVote("n3", "n2", term + 5, 99, term, false));
        c.processAll();
        assertThat(c.node("n2").term()).isEqualTo(term);
        assertThat(c.node("n2").leaderId()).isEqualTo("n1");
    }

    @Test
    void clusterRestartedFromStorageKeepsCommittedEntriesAndElectsAgain() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        for (int i = 1; i <= 4; i++) {
            c.propose("n1", Integer.toString(i));
        }
        c.tickAll(3);
        for (String id : c.nodes.keySet()) {
            c.crash(id);
        }
        for (String id : c.nodes.keySet()) {
            c.restart(id);
        }
        String leader = c.tickUntilLeader();
        c.propose(leader, "100");
        c.tickAll(3);
        for (String id : c.nodes.keySet()) {
            assertThat(c.app(id).counter).as(id).isEqualTo(110);
        }
        c.assertStateMachineSafety();
    }
}
