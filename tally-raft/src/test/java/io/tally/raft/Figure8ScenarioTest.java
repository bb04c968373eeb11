package io.tally.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.RaftMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Figure 8 of the Raft paper: a leader must not count replicas to commit an entry of an earlier term; otherwise a
 * later leader could overwrite an entry that was "committed".
 */
class Figure8ScenarioTest {

    private static RaftConfig paperRaft(String id) {
        return RaftConfig.defaults(id).withTimeouts(10, 2).withPreVote(false).withCheckQuorum(false);
    }

    @Test
    void entryFromEarlierTermOnMajorityIsNotCommittedAndMayBeOverwritten() {
        Cluster c = Cluster.of(5, Figure8ScenarioTest::paperRaft);
        // (a) n1 leads and replicates "x" at index 2 to n2 only.
        c.campaignUntilLeader("n1", m -> false);
        c.propose("n1", "1");
        long termA = c.node("n1").term();
        c.node("n1").propose(Proposal.of("x".getBytes()));
        c.deliverDropping(m -> m instanceof AppendEntries ae && !ae.entries().isEmpty() && !ae.to().equals("n2"));
        assertThat(c.node("n2").termAt(3)).isEqualTo(termA);

        // (b) n1 crashes; n5 wins with n3, n4 and appends its own entry at index 3, replicated nowhere.
        c.crash("n1");
        c.campaignUntilLeader("n5", m -> m.from().equals("n5") && m instanceof AppendEntries);
        assertThat(c.node("n5").termAt(3)).isGreaterThan(termA);

        // (c) n5 crashes; n1 restarts and wins; it replicates only index 3 ("x", old term) to n3.
        c.crash("n5");
        c.restart("n1");
        long termC = c.campaignUntilLeader("n1", m -> m.from().equals("n1") && m instanceof AppendEntries);
        c.node("n1").reportUnreachable("n3");
        c.node("n1").tick();
        c.node("n1").tick();
        c.deliverRewriting(m -> onlyOldTermEntries(m, termC));
        long holdersOfX = c.nodes.values().stream().filter(n -> !c.crashed.contains(n.id()))
                .filter(n -> n.termAt(3) == termA).count();
        assertThat(holdersOfX).as("x is on a majority (n1, n2, n3)").isEqualTo(3);
        assertThat(c.node("n1").commitIndex()).as("but it is from an older term: not committed").isLessThan(3);

        // (d) n1 crashes; n5 restarts, wins with n2, n3, n4 (its last term is higher) and overwrites index 3.
        c.crash("n1");
        c.restart("n5");
        c.campaignUntilLeader("n5", m -> false);
        c.deliverAll();
        for (String id : List.of("n2", "n3", "n4", "n5")) {
            assertThat(c.node(id).termAt(3)).as(id).isNotEqualTo(termA);
            assertThat(c.app(id).applied).as(id).doesNotContain("x");
        }
        c.restart("n1");
        c.tickAll(5);
        assertThat(c.app("n1").applied).doesNotContain("x");
        c.assertStateMachineSafety();
    }

    /** n1 replicates only entries of earlier terms (its own no-op is withheld), and nothing to n4. */
    private static RaftMessage onlyOldTermEntries(RaftMessage m, long leaderTerm) {
        if (m instanceof AppendEntries ae && ae.from().equals("n1")) {
            if (ae.to().equals("n4")) {
                return null;
            }
            List<Entry> old = ae.entries().stream().filter(e -> e.term() < leaderTerm).toList();
            return new AppendEntries(ae.from(), ae.to(), ae.term(), ae.prevLogIndex(), ae.prevLogTerm(), old,
                    ae.leaderCommit());
        }
        return m;
    }
}
