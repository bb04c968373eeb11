package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import io.tally.raft.Role;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The membership fault family changes the cluster for real and every check still passes. */
class MembershipFaultsTest {

    private static final SimOptions MEMBERSHIP_ONLY = SimOptions.defaults().withFaults(Set.of(FaultKind.MEMBERSHIP));

    @Test
    void membershipIsPartOfAllAndParsesOnItsOwn() {
        assertThat(FaultKind.parse("all")).contains(FaultKind.MEMBERSHIP);
        assertThat(FaultKind.parse("membership")).containsExactly(FaultKind.MEMBERSHIP);
        assertThat(FaultKind.format(EnumSet.of(FaultKind.CRASH, FaultKind.MEMBERSHIP))).isEqualTo("crash,membership");
    }

    @Test
    void runsWithMembershipChangesAddSparesAndEndInAConfigurationOtherThanTheInitialOne() {
        int changed = 0;
        int withSpareMember = 0;
        long actions = 0;
        long accepted = 0;
        long crashes = 0;
        for (long seed = 1; seed <= 20; seed++) {
            RaftSimulation sim = new RaftSimulation(seed, MEMBERSHIP_ONLY);
            SimResult r = sim.run();
            assertThat(r.ok()).as(String.join("\n", RaftSimRunner.failureReport(r, MEMBERSHIP_ONLY))).isTrue();
            actions += sim.membership().actions();
            accepted += sim.membership().accepted();
            crashes += sim.membership().midChangeCrashes();
            Configuration end = null;
            for (SimNode n : sim.nodes()) {
                if (n.raft() != null && n.raft().role() == Role.LEADER) {
                    end = n.raft().configuration();
                }
            }
            assertThat(end).isNotNull();
            if (!end.equals(Configuration.ofVoters("n1", "n2", "n3", "n4", "n5"))) {
                changed++;
            }
            if (end.contains("n6") || end.contains("n7")) {
                withSpareMember++;
            }
        }
        assertThat(actions).as("membership actions over 20 seeds").isGreaterThan(20);
        assertThat(accepted).as("changes accepted by a leader").isGreaterThan(10);
        assertThat(crashes).as("leaders crashed in the middle of a voter change").isGreaterThan(2);
        assertThat(changed).as("seeds ending in another configuration").isGreaterThan(5);
        assertThat(withSpareMember).as("seeds ending with a spare node as a member").isGreaterThan(3);
    }

    @Test
    void withoutTheMembershipFamilyThereAreNoSparesAndNoActions() {
        RaftSimulation sim = new RaftSimulation(3, SimOptions.defaults().withFaults(FaultKind.parse("crash")));
        assertThat(sim.run().ok()).isTrue();
        assertThat(sim.nodes()).hasSize(5);
        assertThat(sim.membership().actions()).isZero();
    }
}
