package io.tally.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.server.config.HostPort;
import io.tally.server.core.MemberInfo;
import io.tally.server.core.NodeEvent;
import io.tally.transport.PeerInfo;
import io.tally.wire.Envelopes;
import io.tally.wire.proto.Member;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportBridgeTest {

    private final List<NodeEvent> events = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportBridge bridge = new TransportBridge(events::add, () -> false, registry);

    private static Member member(String id, String peer) {
        return Member.newBuilder().setNodeId(id).setPeerAddress(peer).setHttpAddress("127.0.0.1:7001").build();
    }

    @Test
    void memberListsReachTheCoreWithInvalidEntriesDropped() {
        bridge.onMessage("n1", Envelopes.memberList(List.of(
            member("n1", "127.0.0.1:7101"),
            member("-bad id", "127.0.0.1:7102"),
            member("n3", "not an address"),
            Member.newBuilder().setNodeId("n4").setPeerAddress("127.0.0.1:7104").setRespAddress("127.0.0.1:7204").build())));
        assertThat(events).containsExactly(new NodeEvent.MembersReceived("n1", List.of(
            new MemberInfo("n1", new HostPort("127.0.0.1", 7101), Optional.of(new HostPort("127.0.0.1", 7001)), Optional.empty()),
            new MemberInfo("n4", new HostPort("127.0.0.1", 7104), Optional.empty(), Optional.of(new HostPort("127.0.0.1", 7204))))));
    }

    @Test
    void aHandshakeBecomesPeerUpWithTheClusterIdUnlessItsAddressesAreInvalid() {
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 50000);
        bridge.onPeerConnected(new PeerInfo("n2", "tally", "c1", 1, "127.0.0.1:7102", "127.0.0.1:7002", remote, true));
        bridge.onPeerConnected(new PeerInfo("n3", "tally", "c1", 1, "", "", remote, false));
        bridge.onPeerDisconnected("n2");
        assertThat(events).containsExactly(
            new NodeEvent.PeerUp(new MemberInfo("n2", new HostPort("127.0.0.1", 7102),
                Optional.of(new HostPort("127.0.0.1", 7002)), Optional.empty()), "c1"),
            new NodeEvent.PeerDown("n2"));
    }

    @Test
    void eventsTheQueueRefusesAreCounted() {
        TransportBridge full = new TransportBridge(e -> false, () -> false, registry);
        full.onPeerDisconnected("n2");
        assertThat(registry.get("tally.node.transport.events.dropped").counter().count()).isEqualTo(1.0);
        TransportBridge stopping = new TransportBridge(e -> false, () -> true, registry);
        stopping.onPeerDisconnected("n2");
        assertThat(registry.get("tally.node.transport.events.dropped").counter().count()).isEqualTo(1.0);
    }
}
