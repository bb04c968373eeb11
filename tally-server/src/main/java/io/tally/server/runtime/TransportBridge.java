package io.tally.server.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.server.config.ConfigValues;
import io.tally.server.config.HostPort;
import io.tally.server.core.MemberInfo;
import io.tally.server.core.MemberListMembership;
import io.tally.server.core.NodeEvent;
import io.tally.server.raft.RaftEvent;
import io.tally.wire.data.DataCodec;
import io.tally.wire.raft.RaftCodec;
import io.tally.server.core.PeerNetwork;
import io.tally.gossip.Message;
import io.tally.server.membership.GossipEvent;
import io.tally.wire.gossip.Decoded;
import io.tally.wire.gossip.GossipCodec;
import io.tally.transport.PeerInfo;
import io.tally.transport.PeerTransport;
import io.tally.transport.TransportHandler;
import io.tally.wire.Envelopes;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Member;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Glue between the peer transport and the node core, both ways: transport callbacks become
 * {@link NodeEvent}s on the node queue (checked and converted here, so the core only sees valid ids and
 * addresses), and the core's {@link PeerNetwork} effects become transport calls. Callbacks run on the
 * transport thread, effects on the node loop thread.
 */
final class TransportBridge implements TransportHandler, PeerNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(TransportBridge.class);

    private final Predicate<NodeEvent> enqueue;
    private final java.util.function.BooleanSupplier stopping;
    private final Counter eventsDropped;
    private final Counter datagramsGarbage;
    private final Counter pushPullsGarbage;
    private volatile PeerTransport transport;
    private volatile java.util.function.BiConsumer<String, io.tally.wire.proto.FilesMsg> files;
    private volatile io.tally.server.raft.SnapshotTransfers snapshots;

    /**
     * @param enqueue puts an event on the node queue; false when the queue refused it
     * @param stopping true once the node is stopping (refused events are then expected, not logged)
     */
    TransportBridge(Predicate<NodeEvent> enqueue, java.util.function.BooleanSupplier stopping, MeterRegistry registry) {
        this.enqueue = enqueue;
        this.stopping = stopping;
        this.eventsDropped = Counter.builder("tally.node.transport.events.dropped")
            .description("transport events dropped because the node queue was full or stopping").register(registry);
        this.datagramsGarbage = Counter.builder("tally.gossip.datagrams.garbage")
            .description("received UDP datagrams dropped because they are not valid gossip datagrams").register(registry);
        this.pushPullsGarbage = Counter.builder("tally.gossip.push.pulls.garbage")
            .description("received push-pulls dropped because they are invalid").register(registry);
    }

    void attach(PeerTransport t) {
        this.transport = t;
    }

    /** Snapshot chunks and chunk requests go straight to the node's snapshot streams, which send through the transport. */
    void attachSnapshots(io.tally.server.raft.SnapshotTransfers s) {
        s.attachSender((id, e) -> {
            PeerTransport t = transport;
            return t != null && t.send(id, e);
        });
        this.snapshots = s;
    }

    /** File-chunk messages go straight to the node's file service (they never enter the node queue). */
    void attachFiles(java.util.function.BiConsumer<String, io.tally.wire.proto.FilesMsg> f) {
        this.files = f;
    }

    // ---- transport -> core (transport thread) ----

    @Override
    public void onPeerConnected(PeerInfo peer) {
        Optional<MemberInfo> m = member(peer.nodeId(), peer.peerAddress(), peer.httpAddress(), "");
        if (m.isEmpty()) {
            LOG.warn("peer {} at {} sent an invalid id or address in its handshake (peer address '{}'); ignoring it",
                peer.nodeId(), peer.remoteAddress(), peer.peerAddress());
            return;
        }
        put(new NodeEvent.PeerUp(m.get(), peer.clusterId()));
    }

    @Override
    public void onPeerDisconnected(String nodeId) {
        put(new NodeEvent.PeerDown(nodeId));
    }

    @Override
    public void onMessage(String fromNodeId, Envelope envelope) {
        switch (envelope.getBodyCase()) {
            case MEMBER_LIST -> {
                List<Member> in = envelope.getMemberList().getMembersList();
                List<MemberInfo> members = new ArrayList<>();
                for (Member pm : in.subList(0, Math.min(in.size(), MemberListMembership.MEMBERS_MAX))) {
                    member(pm.getNodeId(), pm.getPeerAddress(), pm.getHttpAddress(), pm.getRespAddress())
                        .ifPresentOrElse(members::add,
                            () -> LOG.debug("ignoring invalid member {} from {}", pm.getNodeId(), fromNodeId));
                }
                put(new NodeEvent.MembersReceived(fromNodeId, members));
            }
            case PING -> {
                PeerTransport t = transport;
                if (t != null) {
                    t.send(fromNodeId, Envelopes.pongFor(envelope.getPing()));
                }
            }
            case GOSSIP_PUSH_PULL -> {
                PeerTransport t = transport;
                PeerInfo info = t == null ? null : t.peerInfo(fromNodeId);
                switch (GossipCodec.fromProto(envelope.getGossipPushPull())) {
                    case Decoded.Ok<Message.PushPull> ok when info != null ->
                        put(new NodeEvent.Gossip(new GossipEvent.PushPull(fromNodeId, info.peerAddress(), ok.value())));
                    case Decoded.Ok<Message.PushPull> ok -> LOG.debug("push-pull from {} after it disconnected", fromNodeId);
                    case Decoded.Bad<Message.PushPull> bad -> {
                        pushPullsGarbage.increment();
                        LOG.debug("dropping a push-pull from {}: {}", fromNodeId, bad.reason());
                    }
                }
            }
            case RAFT -> {
                try {
                    put(new NodeEvent.Raft(new RaftEvent.Message(RaftCodec.decode(envelope.getRaft()))));
                } catch (IllegalArgumentException e) {
                    LOG.debug("dropping an invalid Raft message from {}: {}", fromNodeId, e.getMessage());
                }
            }
            case DATA_FORWARD -> {
                try {
                    put(new NodeEvent.Raft(new RaftEvent.Forwarded(fromNodeId, List.of(DataCodec.decode(envelope.getDataForward())))));
                } catch (IllegalArgumentException e) {
                    LOG.debug("dropping an invalid forwarded write from {}: {}", fromNodeId, e.getMessage());
                }
            }
            case SNAPSHOT_CHUNK_REQUEST, SNAPSHOT_CHUNK -> {
                io.tally.server.raft.SnapshotTransfers s = snapshots;
                try {
                    if (s != null && envelope.hasSnapshotChunk()) {
                        s.onChunk(fromNodeId, io.tally.wire.raft.SnapshotTransferCodec.decode(envelope.getSnapshotChunk()));
                    } else if (s != null) {
                        s.onRequest(fromNodeId, io.tally.wire.raft.SnapshotTransferCodec.decode(envelope.getSnapshotChunkRequest()));
                    }
                } catch (IllegalArgumentException e) {
                    LOG.debug("dropping an invalid snapshot chunk message from {}: {}", fromNodeId, e.getMessage());
                }
            }
            case DATA_FORWARD_REPLY -> put(new NodeEvent.Raft(new RaftEvent.ForwardAnswered(fromNodeId, List.of(envelope.getDataForwardReply()))));
            case DATA_FORWARD_BATCH -> {
                List<DataCodec.Forward> forwards = new ArrayList<>(envelope.getDataForwardBatch().getForwardsCount());
                for (io.tally.wire.proto.DataForward f : envelope.getDataForwardBatch().getForwardsList()) {
                    try {
                        forwards.add(DataCodec.decode(f));
                    } catch (IllegalArgumentException e) {
                        LOG.debug("dropping an invalid forwarded write from {}: {}", fromNodeId, e.getMessage());
                    }
                }
                if (!forwards.isEmpty()) {
                    put(new NodeEvent.Raft(new RaftEvent.Forwarded(fromNodeId, forwards)));
                }
            }
            case DATA_FORWARD_REPLY_BATCH ->
                put(new NodeEvent.Raft(new RaftEvent.ForwardAnswered(fromNodeId, envelope.getDataForwardReplyBatch().getRepliesList())));
            case FILES -> {
                java.util.function.BiConsumer<String, io.tally.wire.proto.FilesMsg> f = files;
                if (f != null) {
                    f.accept(fromNodeId, envelope.getFiles());
                }
            }
            case PONG, BODY_NOT_SET -> { }
        }
    }

    @Override
    public void onDatagram(InetSocketAddress from, byte[] bytes) {
        switch (GossipCodec.decodeDatagram(bytes)) {
            case Decoded.Ok<List<Message>> ok ->
                put(new NodeEvent.Gossip(new GossipEvent.Datagram(address(from), ok.value())));
            case Decoded.Bad<List<Message>> bad -> {
                datagramsGarbage.increment();
                LOG.debug("dropping a datagram of {} bytes from {}: {}", bytes.length, from, bad.reason());
            }
        }
    }

    /** host:port of a datagram's sender, spelled as peer addresses are. */
    static String address(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return new HostPort(host, a.getPort()).toString();
    }

    private void put(NodeEvent e) {
        if (!enqueue.test(e) && !stopping.getAsBoolean()) {
            eventsDropped.increment();
            LOG.warn("node queue refused {}; membership may lag until the next exchange", e);
        }
    }

    /** A valid member from wire strings, or empty. */
    static Optional<MemberInfo> member(String id, String peer, String http, String resp) {
        try {
            ConfigValues.name(id);
            return Optional.of(new MemberInfo(id, HostPort.parse(peer), optionalAddress(http), optionalAddress(resp)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<HostPort> optionalAddress(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(HostPort.parse(s));
    }

    // ---- core -> transport (node loop thread) ----

    @Override
    public void connect(String nodeId, HostPort peer) {
        transport.addPeer(nodeId, new InetSocketAddress(peer.host(), peer.port()));
    }

    @Override
    public void join(HostPort peer) {
        transport.join(new InetSocketAddress(peer.host(), peer.port()));
    }

    @Override
    public boolean sendMembers(String toNodeId, List<MemberInfo> members) {
        List<Member> out = new ArrayList<>(members.size());
        for (MemberInfo m : members) {
            out.add(Member.newBuilder()
                .setNodeId(m.id())
                .setPeerAddress(m.peer().toString())
                .setHttpAddress(m.http().map(HostPort::toString).orElse(""))
                .setRespAddress(m.resp().map(HostPort::toString).orElse(""))
                .setVoter(true)
                .build());
        }
        return transport.send(toNodeId, Envelopes.memberList(out));
    }
}
