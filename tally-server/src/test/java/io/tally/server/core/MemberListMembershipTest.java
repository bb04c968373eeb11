package io.tally.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.server.config.HostPort;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberListMembershipTest {

    private static MemberInfo m(String id, int port) {
        return new MemberInfo(id, new HostPort("127.0.0.1", 7100 + port), Optional.of(new HostPort("127.0.0.1", 7000 + port)),
            Optional.empty());
    }

    private static final MemberInfo N1 = m("n1", 1);
    private static final MemberInfo N2 = m("n2", 2);
    private static final MemberInfo N3 = m("n3", 3);

    @Test
    void startConnectsToConfiguredMembersAndJoinsUnknownAddresses() {
        MemberListMembership ms = new MemberListMembership(N1, List.of(N1, N2),
            List.of(N1.peer(), N2.peer(), N3.peer()), 4_000);
        assertThat(ms.start(0)).containsExactly(
            new MembershipAction.Connect("n2", N2.peer()),
            new MembershipAction.Join(N3.peer()));
        assertThat(ms.members(0)).extracting(v -> v.info().id(), MemberView::state)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", MemberState.ALIVE),
                org.assertj.core.groups.Tuple.tuple("n2", MemberState.SUSPECT));
    }

    @Test
    void aNewPeerIsLearnedSentTheListAndAnnouncedToOtherConnectedPeers() {
        MemberListMembership ms = new MemberListMembership(N1, List.of(), List.of(), 4_000);
        ms.start(0);
        assertThat(ms.onPeerUp(N2, 10)).containsExactly(
            new MembershipAction.Connect("n2", N2.peer()),
            new MembershipAction.SendMembers("n2", List.of(N1, N2)));
        assertThat(ms.onPeerUp(N3, 20)).containsExactly(
            new MembershipAction.Connect("n3", N3.peer()),
            new MembershipAction.SendMembers("n3", List.of(N1, N2, N3)),
            new MembershipAction.SendMembers("n2", List.of(N1, N2, N3)));
        // A reconnect of a known peer only resends the list.
        ms.onPeerDown("n2", 30);
        assertThat(ms.onPeerUp(N2, 40)).containsExactly(new MembershipAction.SendMembers("n2", List.of(N1, N2, N3)));
    }

    @Test
    void membersLearnedFromAListAreConnectedAndPassedOnOnlyWhenNew() {
        MemberListMembership ms = new MemberListMembership(N2, List.of(), List.of(N1.peer()), 4_000);
        ms.start(0);
        ms.onPeerUp(N1, 1);
        assertThat(ms.onMemberList("n1", List.of(N1, N2, N3), 2)).containsExactly(
            new MembershipAction.Connect("n3", N3.peer()));
        assertThat(ms.onMemberList("n1", List.of(N1, N2, N3), 3)).isEmpty();
        assertThat(ms.members(3)).extracting(v -> v.info().id()).containsExactly("n2", "n1", "n3");
    }

    @Test
    void aDisconnectedMemberIsSuspectThenDead() {
        MemberListMembership ms = new MemberListMembership(N1, List.of(), List.of(), 4_000);
        ms.start(0);
        ms.onPeerUp(N2, 0);
        assertThat(state(ms, "n2", 100)).isEqualTo(MemberState.ALIVE);
        ms.onPeerDown("n2", 1_000);
        assertThat(state(ms, "n2", 4_999)).isEqualTo(MemberState.SUSPECT);
        assertThat(state(ms, "n2", 5_000)).isEqualTo(MemberState.DEAD);
        ms.onPeerUp(N2, 6_000);
        assertThat(state(ms, "n2", 6_000)).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void aMembersOwnEntryGivesItsRespAddress() {
        MemberListMembership ms = new MemberListMembership(N1, List.of(), List.of(), 4_000);
        ms.start(0);
        ms.onPeerUp(N2, 0);
        MemberInfo withResp = new MemberInfo("n2", N2.peer(), N2.http(), Optional.of(new HostPort("127.0.0.1", 7202)));
        ms.onMemberList("n2", List.of(withResp), 1);
        assertThat(ms.member("n2")).contains(withResp);
    }

    @Test
    void thisNodeIsNeverLearnedFromOthers() {
        MemberListMembership ms = new MemberListMembership(N1, List.of(), List.of(), 4_000);
        ms.start(0);
        assertThat(ms.onPeerUp(N1, 0)).isEmpty();
        assertThat(ms.onMemberList("n2", List.of(N1), 0)).isEmpty();
        assertThat(ms.members(0)).hasSize(1);
    }

    private static MemberState state(MemberListMembership ms, String id, long nowMs) {
        return ms.members(nowMs).stream().filter(v -> v.info().id().equals(id)).findFirst().orElseThrow().state();
    }
}
