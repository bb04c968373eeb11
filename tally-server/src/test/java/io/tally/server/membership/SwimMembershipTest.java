package io.tally.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import io.tally.gossip.SwimConfig;
import io.tally.server.config.HostPort;
import io.tally.server.core.MemberInfo;
import io.tally.server.core.MemberState;
import io.tally.server.core.MemberView;
import io.tally.server.core.MembershipAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The runtime rules of {@link SwimMembership}, driven with simulated time and a recording network. */
class SwimMembershipTest {

    /** Records what the membership sends. */
    static final class RecordingNetwork implements GossipNetwork {
        final List<String> datagramsTo = new ArrayList<>();
        final List<String> pushPullsTo = new ArrayList<>();
        final List<Message.PushPull> pushPulls = new ArrayList<>();
        final List<HostPort> dialed = new ArrayList<>();

        @Override
        public void sendDatagrams(String toAddress, List<Message> messages) {
            datagramsTo.add(toAddress);
        }

        @Override
        public boolean sendPushPull(String toNodeId, Message.PushPull message) {
            pushPullsTo.add(toNodeId);
            pushPulls.add(message);
            return true;
        }

        @Override
        public void dial(HostPort peer) {
            dialed.add(peer);
        }
    }

    private static final SwimConfig CONFIG = SwimConfig.defaults().withProbe(200, 100);
    private static final HostPort SEED = new HostPort("127.0.0.1", 7101);
    private final RecordingNetwork net = new RecordingNetwork();

    private static MemberInfo info(String id, int port) {
        return new MemberInfo(id, new HostPort("127.0.0.1", port), Optional.of(new HostPort("127.0.0.1", port - 100)),
            Optional.empty());
    }

    private SwimMembership membership(String id, int port, List<HostPort> joins, OptionalInt expect) {
        return new SwimMembership(CONFIG, info(id, port), new NodeMeta("127.0.0.1:" + (port - 100), "", true, "t"),
            List.of(), joins, 1, new Random(1), expect, 3_000, 2_000, net);
    }

    @Test
    void aJoinPushPullWaitsForTheConnectionToItsAddressAndIsRetriedWithBackoff() {
        SwimMembership m = membership("n2", 7102, List.of(SEED), OptionalInt.empty());
        m.start(0);
        assertThat(net.dialed).containsExactly(SEED);
        assertThat(net.pushPulls).isEmpty();
        m.onPeerUp(info("n1", 7101), 10);
        assertThat(net.pushPullsTo).containsExactly("n1");
        assertThat(net.pushPulls.get(0).join()).isTrue();

        // Nobody answered: retried after 0.5 s, then 1 s later (backoff doubles), never dialed twice.
        m.onTick(499);
        assertThat(net.pushPulls).hasSize(1);
        m.onTick(500);
        assertThat(net.pushPulls).hasSize(2);
        m.onTick(1_499);
        assertThat(net.pushPulls).hasSize(2);
        m.onTick(1_500);
        assertThat(net.pushPulls).hasSize(3);
        assertThat(net.dialed).containsExactly(SEED);
        assertThat(m.counter("streams_sent")).as("published for metrics at each tick").isEqualTo(3);
        assertThat(SwimMembership.counterNames()).contains("streams_sent", "probes_sent", "dead_declared");
    }

    @Test
    void theJoinStopsOnceTheSeedAnswersAndItsMembersAreConnected() {
        SwimMembership m = membership("n2", 7102, List.of(SEED), OptionalInt.empty());
        List<java.util.Map<String, HostPort>> known = new ArrayList<>();
        m.onKnownMembers(known::add);
        m.start(0);
        m.onPeerUp(info("n1", 7101), 1);
        Message.PushPull reply = new Message.PushPull("n1", false, true, List.of(
            new Message.PushPull.Entry("n1", "127.0.0.1:7101", new NodeMeta("127.0.0.1:7001", "", true, "t"), 5,
                io.tally.gossip.MemberState.ALIVE)));
        List<MembershipAction> actions = m.onGossip(new GossipEvent.PushPull("n1", "127.0.0.1:7101", reply), 2);
        assertThat(actions).containsExactly(new MembershipAction.Connect("n1", SEED));
        int sent = net.pushPulls.size();
        m.onTick(10_000);
        assertThat(net.pushPulls.stream().filter(Message.PushPull::join).count()).isEqualTo(sent);

        m.onTick(10_001);
        assertThat(known).as("published once while unchanged").containsExactly(java.util.Map.of("n1", SEED));

        List<MemberView> view = m.members(3);
        assertThat(view).extracting(v -> v.info().id(), MemberView::state, MemberView::self)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("n2", MemberState.ALIVE, true),
                org.assertj.core.groups.Tuple.tuple("n1", MemberState.ALIVE, false));
        assertThat(view.get(1).info().http()).contains(new HostPort("127.0.0.1", 7001));
        assertThat(view.get(1).meta()).contains(new MemberView.Meta(true, "t", 5));
    }

    @Test
    void bootstrapIsAnnouncedOnceWhenEnoughVotersAreAlive() {
        SwimMembership m = membership("n1", 7101, List.of(), OptionalInt.of(2));
        assertThat(m.start(0)).isEmpty();
        Message.Alive n2 = new Message.Alive("n2", 1, "127.0.0.1:7102", new NodeMeta("", "", true, ""));
        Message.Alive n3 = new Message.Alive("n3", 1, "127.0.0.1:7103", new NodeMeta("", "", false, ""));
        List<MembershipAction> first = m.onGossip(new GossipEvent.Datagram("127.0.0.1:7102", List.of(n3, n2)), 1);
        assertThat(first).contains(new MembershipAction.Bootstrap(2, List.of("n1", "n2")));
        Message.Alive n4 = new Message.Alive("n4", 1, "127.0.0.1:7104", new NodeMeta("", "", true, ""));
        assertThat(m.onGossip(new GossipEvent.Datagram("127.0.0.1:7104", List.of(n4)), 2))
            .noneMatch(a -> a instanceof MembershipAction.Bootstrap);
    }

    @Test
    void leaveCompletesOnceTheAnnouncementWentOutOrAtTheDeadline() {
        SwimMembership alone = membership("n1", 7101, List.of(), OptionalInt.empty());
        alone.start(0);
        CompletableFuture<Void> done = new CompletableFuture<>();
        alone.onGossip(new GossipEvent.Leave(done), 100);
        for (long t = 100; t < 2_100 && !done.isDone(); t += 50) {
            alone.onTick(t);
        }
        // Alone, nobody hears the announcement: the 2 s leave deadline completes it.
        assertThat(done).isNotDone();
        alone.onTick(2_100);
        assertThat(done).isDone();
        assertThat(alone.members(2_100).get(0).state()).isEqualTo(MemberState.LEFT);
    }

    @Test
    void discoveredAddressesAreJoinedWhenAlone() {
        SwimMembership m = membership("n2", 7102, List.of(), OptionalInt.empty());
        m.start(0);
        m.onGossip(new GossipEvent.Discovered(List.of(SEED, new HostPort("127.0.0.1", 7102))), 5);
        assertThat(net.dialed).containsExactly(SEED);
    }
}
