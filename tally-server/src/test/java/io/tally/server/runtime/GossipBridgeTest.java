package io.tally.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.gossip.Message;
import io.tally.server.core.NodeEvent;
import io.tally.server.membership.GossipEvent;
import io.tally.wire.gossip.GossipCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gossip datagrams reach the core decoded with the sender's peer address; garbage is dropped and counted. */
class GossipBridgeTest {

    private final List<NodeEvent> events = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TransportBridge bridge = new TransportBridge(events::add, () -> false, registry);

    @Test
    void aValidDatagramBecomesAGossipEventFromTheSendersAddress() {
        List<Message> sent = List.of(new Message.Ping(3, "n1", "n2"), new Message.Suspect("n4", 2, "n2"));
        byte[] d = GossipCodec.encodeDatagram(sent, 1400);
        bridge.onDatagram(new InetSocketAddress("127.0.0.1", 7102), d);
        assertThat(events).containsExactly(new NodeEvent.Gossip(new GossipEvent.Datagram("127.0.0.1:7102", sent)));
    }

    @Test
    void garbageDatagramsAreDroppedAndCounted() {
        bridge.onDatagram(new InetSocketAddress("127.0.0.1", 7102), new byte[] {1, 2, 3, 4});
        bridge.onDatagram(new InetSocketAddress("127.0.0.1", 7102), new byte[] {'T', 'G', 1, (byte) 0xff});
        assertThat(events).isEmpty();
        assertThat(registry.get("tally.gossip.datagrams.garbage").counter().count()).isEqualTo(2.0);
    }

    @Test
    void ipv6SendersAreSpelledLikePeerAddresses() {
        assertThat(TransportBridge.address(new InetSocketAddress("::1", 7101))).isEqualTo("[0:0:0:0:0:0:0:1]:7101");
    }
}
