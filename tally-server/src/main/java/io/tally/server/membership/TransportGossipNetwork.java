package io.tally.server.membership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.gossip.Message;
import io.tally.server.config.HostPort;
import io.tally.transport.PeerTransport;
import io.tally.wire.gossip.GossipCodec;
import io.tally.wire.gossip.Packed;
import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GossipNetwork} over the peer transport: datagrams are packed by {@link GossipCodec} into UDP
 * datagrams of at most {@code datagramBytesMax} (what does not fit goes into the next datagram to the same
 * address), push-pulls go as {@code Envelope.gossip_push_pull}. Called from the node loop thread.
 */
public final class TransportGossipNetwork implements GossipNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(TransportGossipNetwork.class);

    private final Supplier<PeerTransport> transport;
    private final int datagramBytesMax;
    private final Counter tooLarge;
    private final Counter splits;
    private final Counter pushPullsTooLarge;

    /**
     * @param transport the transport once started (sends before it are dropped)
     * @param datagramBytesMax largest datagram sent (at most the transport's own bound)
     */
    public TransportGossipNetwork(Supplier<PeerTransport> transport, int datagramBytesMax, MeterRegistry registry) {
        this.transport = transport;
        this.datagramBytesMax = datagramBytesMax;
        this.tooLarge = Counter.builder("tally.gossip.messages.too.large")
            .description("gossip messages too large for a datagram even alone (not sent)").register(registry);
        this.pushPullsTooLarge = Counter.builder("tally.gossip.push.pulls.too.large")
            .description("push-pulls larger than the transport's frame bound (not sent)").register(registry);
        this.splits = Counter.builder("tally.gossip.datagram.splits")
            .description("extra datagrams sent because piggybacked messages did not fit in one").register(registry);
    }

    @Override
    public void sendDatagrams(String toAddress, List<Message> messages) {
        PeerTransport t = transport.get();
        if (t == null || messages.isEmpty()) {
            return;
        }
        InetSocketAddress to;
        try {
            HostPort hp = HostPort.parse(toAddress);
            to = new InetSocketAddress(hp.host(), hp.port());
        } catch (IllegalArgumentException e) {
            LOG.debug("not sending gossip to unusable address {}: {}", toAddress, e.getMessage());
            return;
        }
        if (to.isUnresolved()) {
            LOG.debug("not sending gossip to unresolvable address {}", toAddress);
            return;
        }
        Packed packed = GossipCodec.packDatagrams(messages, datagramBytesMax);
        if (!packed.tooLarge().isEmpty()) {
            tooLarge.increment(packed.tooLarge().size());
            LOG.warn("{} gossip message(s) to {} larger than datagram-size {} not sent", packed.tooLarge().size(),
                toAddress, datagramBytesMax);
        }
        if (packed.datagrams().size() > 1) {
            splits.increment(packed.datagrams().size() - 1);
        }
        for (byte[] d : packed.datagrams()) {
            t.sendDatagram(to, d);
        }
    }

    @Override
    public boolean sendPushPull(String toNodeId, Message.PushPull message) {
        PeerTransport t = transport.get();
        if (t == null) {
            return false;
        }
        try {
            return t.send(toNodeId, Envelope.newBuilder().setGossipPushPull(GossipCodec.toProto(message)).build());
        } catch (IllegalArgumentException tooLarge) {
            // Larger than the transport's frame bound: the receiver would refuse it too. Counted, not retried.
            pushPullsTooLarge.increment();
            LOG.warn("push-pull of {} members to {} not sent: {}", message.entries().size(), toNodeId,
                tooLarge.getMessage());
            return false;
        }
    }

    @Override
    public void dial(HostPort peer) {
        PeerTransport t = transport.get();
        if (t != null) {
            t.join(new InetSocketAddress(peer.host(), peer.port()));
        }
    }
}
