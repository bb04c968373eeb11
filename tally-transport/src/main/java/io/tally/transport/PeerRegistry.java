package io.tally.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.tally.transport.HandshakeRules.Verdict;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.Refusal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's connection state machine: which peers exist, which connection each uses, what
 * is queued for them, when to redial. Everything except {@link #send} runs on the single I/O
 * thread ({@link #loop}), so there are no locks; {@link #send} may be called from any thread and
 * only touches a peer's lock-free queue and counters.
 *
 * <p>Transitions of one peer:
 *
 * <table>
 *   <caption>Peer connection transitions</caption>
 *   <tr><th>State</th><th>Event</th><th>Action</th><th>Next</th></tr>
 *   <tr><td>disconnected</td><td>addPeer / message queued / retry timer</td>
 *       <td>dial (bound to our own host); the node with the larger id first waits one base
 *       backoff, since the smaller id's dial would win a simultaneous dial</td><td>dialing</td></tr>
 *   <tr><td>dialing</td><td>connect fails, refused, closed, handshake timeout</td>
 *       <td>failedDials++, schedule redial after {@link Backoff}</td><td>disconnected</td></tr>
 *   <tr><td>dialing or disconnected</td><td>a handshake (ours or theirs) is admitted</td>
 *       <td>failedDials = 0, onPeerConnected, drain the queue</td><td>connected</td></tr>
 *   <tr><td>dialing (own dial in flight)</td><td>the peer's handshake arrives and this node has
 *       the smaller id</td><td>refuse it ({@code DUPLICATE}): our dial wins and the peer
 *       accepts it by the same rule; nothing was sent on the refused one (the larger id accepts
 *       the inbound handshake and its own dial is refused later)</td><td>dialing</td></tr>
 *   <tr><td>connected</td><td>a second connection is handshaken</td>
 *       <td>{@link TieBreak}: keep one, close the other (disconnected + connected events when the
 *       active one changes; that happens only when the node that dialed the new one had already
 *       given the old one up, see docs/transport.md)</td><td>connected</td></tr>
 *   <tr><td>connected</td><td>active channel closes</td>
 *       <td>onPeerDisconnected, schedule redial after {@link Backoff}</td><td>disconnected</td></tr>
 *   <tr><td>any</td><td>removePeer / transport close</td>
 *       <td>close channels, drop the queue (counted)</td><td>gone</td></tr>
 * </table>
 */
final class PeerRegistry implements HandshakeHandler.Listener {
  private static final Logger log = LoggerFactory.getLogger(PeerRegistry.class);

  /** The dial target of an outbound channel. */
  static final AttributeKey<DialTarget> TARGET = AttributeKey.valueOf("tally.dialTarget");
  /** The peer an admitted channel belongs to. */
  static final AttributeKey<Peer> PEER = AttributeKey.valueOf("tally.peer");

  private final TransportConfig config;
  private final TransportHandler handler;
  private final TransportMetrics metrics;
  private final EventLoop loop;
  private final Supplier<Handshake> local;
  private final Random jitter;
  private final Map<String, Peer> peers = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, Join> joins = new HashMap<>();
  private Bootstrap dialer;
  private volatile boolean closing;

  PeerRegistry(TransportConfig config, TransportHandler handler, TransportMetrics metrics,
      EventLoop loop, Supplier<Handshake> local) {
    this.config = config;
    this.handler = handler;
    this.metrics = metrics;
    this.loop = loop;
    this.local = local;
    this.jitter = new Random(config.jitterSeed());
  }

  void setDialer(Bootstrap dialer) {
    this.dialer = dialer;
  }

  // ---------------------------------------------------------------- any thread

  /** Queues an envelope for a peer; see {@link PeerTransport#send}. Any thread. */
  boolean send(String nodeId, Envelope envelope) {
    int bodyBytes = envelope.getSerializedSize();
    if (bodyBytes > config.frameBytesMax()) {
      throw new IllegalArgumentException("envelope of " + bodyBytes + " bytes for peer " + nodeId
          + " exceeds frameBytesMax " + config.frameBytesMax());
    }
    if (closing) {
      metrics.drop(nodeId, "closed", 1);
      return false;
    }
    Peer peer = peers.get(nodeId);
    if (peer == null || peer.removed) {
      metrics.drop(nodeId, "unknown_peer", 1);
      return false;
    }
    if (peer.queuedMessages.incrementAndGet() > config.outboundQueueMessagesMax()) {
      peer.queuedMessages.decrementAndGet();
      metrics.drop(nodeId, "queue_full", 1);
      return false;
    }
    if (peer.queuedBytes.addAndGet(bodyBytes) > config.outboundQueueBytesMax()) {
      peer.queuedBytes.addAndGet(-bodyBytes);
      peer.queuedMessages.decrementAndGet();
      metrics.drop(nodeId, "queue_full", 1);
      return false;
    }
    peer.queue.add(envelope);
    scheduleDrain(peer);
    return true;
  }

  /** The peer with this id, or null (package-private for tests). */
  Peer peerOrNull(String nodeId) {
    return peers.get(nodeId);
  }

  boolean isConnected(String nodeId) {
    Peer peer = peers.get(nodeId);
    return peer != null && peer.active != null;
  }

  List<String> connectedPeers() {
    List<String> ids = new ArrayList<>();
    for (Peer peer : peers.values()) {
      if (peer.active != null) {
        ids.add(peer.nodeId);
      }
    }
    ids.sort(null);
    return ids;
  }

  int queuedMessages(String nodeId) {
    Peer peer = peers.get(nodeId);
    return peer == null ? 0 : peer.queuedMessages.get();
  }

  PeerInfo peerInfo(String nodeId) {
    Peer peer = peers.get(nodeId);
    return peer == null ? null : peer.info;
  }

  void markClosing() {
    closing = true;
  }

  private void scheduleDrain(Peer peer) {
    if (peer.drainScheduled.compareAndSet(false, true)) {
      loop.execute(() -> {
        peer.drainScheduled.set(false);
        drain(peer);
      });
    }
  }

  // ---------------------------------------------------------------- I/O thread only

  /**
   * Creates or updates a peer so that sends to it are queued at once; the caller then has
   * {@link #ensureDialing} run on the I/O thread. Any thread.
   */
  Peer register(String nodeId, InetSocketAddress address) {
    if (nodeId.equals(config.nodeId())) {
      throw new IllegalArgumentException("cannot add this node itself (" + nodeId + ") as a peer");
    }
    Peer peer = peers.computeIfAbsent(nodeId, id -> new Peer(id, address));
    peer.removed = false;
    peer.address = address;
    return peer;
  }

  void join(InetSocketAddress address) {
    if (knownPeerAt(address)) {
      return; // that peer is already connected or being dialed on its own
    }
    ensureDialing(joinTarget(address));
  }

  /** The join of an address, created if needed (I/O thread; package-private for tests). */
  Join joinTarget(InetSocketAddress address) {
    return joins.computeIfAbsent(address, Join::new);
  }

  private boolean knownPeerAt(InetSocketAddress address) {
    for (Peer peer : peers.values()) {
      if (address.equals(peer.address)) {
        return true;
      }
    }
    return false;
  }

  void removePeer(String nodeId) {
    Peer peer = peers.remove(nodeId);
    if (peer == null) {
      return;
    }
    peer.removed = true;
    peer.cancelRetry();
    if (peer.dialing != null) {
      peer.dialing.close();
    }
    Channel active = peer.active;
    if (active != null) {
      active.close(); // its close listener reports the disconnect
    }
    dropQueue(peer, "peer_removed");
  }

  /** Writes queued messages while the active channel is writable. */
  void drain(Peer peer) {
    Channel channel = peer.active;
    if (channel == null || !channel.isActive()) {
      ensureDialing(peer);
      return;
    }
    int written = 0;
    while (channel.isWritable()) {
      Envelope envelope = peer.queue.poll();
      if (envelope == null) {
        break;
      }
      int bodyBytes = envelope.getSerializedSize();
      peer.queuedMessages.decrementAndGet();
      peer.queuedBytes.addAndGet(-bodyBytes);
      channel.write(envelope, channel.voidPromise());
      metrics.framesOut.increment();
      metrics.bytesOut.increment(bodyBytes);
      if (++written % 256 == 0) {
        channel.flush();
      }
    }
    if (written % 256 != 0) {
      channel.flush();
    }
  }

  /** Drains every peer; used while closing. */
  void drainAll() {
    for (Peer peer : peers.values()) {
      drain(peer);
    }
  }

  /** Whether nothing is queued for any connected peer. */
  boolean queuesEmpty() {
    for (Peer peer : peers.values()) {
      if (peer.active != null && peer.active.isActive() && !peer.queue.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  List<Channel> activeChannels() {
    List<Channel> channels = new ArrayList<>();
    for (Peer peer : peers.values()) {
      Channel channel = peer.active;
      if (channel != null) {
        channels.add(channel);
      }
    }
    return channels;
  }

  /** Stops dialing; closes every channel; drops what is still queued (counted as closed). */
  void closeAll() {
    for (Join join : joins.values()) {
      join.cancelRetry();
      if (join.dialing != null) {
        join.dialing.close();
      }
    }
    joins.clear();
    for (Peer peer : peers.values()) {
      peer.cancelRetry();
      if (peer.dialing != null) {
        peer.dialing.close();
      }
      Channel active = peer.active;
      if (active != null) {
        active.close();
      }
      dropQueue(peer, "closed");
    }
  }

  void onWritable(Channel channel) {
    Peer peer = channel.attr(PEER).get();
    if (peer != null && peer.active == channel && channel.isWritable()) {
      drain(peer);
    }
  }

  void onIdleTimeout(Channel channel) {
    Peer peer = channel.attr(PEER).get();
    metrics.connectionError("idle_timeout");
    log.warn("{}: closing connection with {} (node {}): nothing received for {} ms", config.nodeId(),
        channel.remoteAddress(), peer == null ? "?" : peer.nodeId, config.idleTimeoutMs());
  }

  void onEnvelope(Channel channel, Envelope envelope) {
    Peer peer = channel.attr(PEER).get();
    if (peer == null || peer.active != channel) {
      metrics.drop(peer == null ? "unknown" : peer.nodeId, "not_active", 1);
      return;
    }
    metrics.framesIn.increment();
    metrics.bytesIn.increment(envelope.getSerializedSize());
    try {
      handler.onMessage(peer.nodeId, envelope);
    } catch (RuntimeException e) {
      log.error("transport handler failed on a message from {}", peer.nodeId, e);
    }
  }

  private void dropQueue(Peer peer, String reason) {
    int dropped = 0;
    while (peer.queue.poll() != null) {
      dropped++;
    }
    peer.queuedMessages.addAndGet(-dropped);
    peer.queuedBytes.set(0);
    if (dropped > 0) {
      metrics.drop(peer.nodeId, reason, dropped);
    }
  }

  /** Dials the target unless it is connected, being dialed, waiting for a redial or removed. */
  void ensureDialing(DialTarget target) {
    if (closing || target.address == null || target.dialing != null || target.retry != null) {
      return;
    }
    if (target instanceof Peer peer && (peer.removed || peer.active != null)) {
      return;
    }
    if (target instanceof Peer peer && !peer.dialGraceGiven
        && config.nodeId().compareTo(peer.nodeId) > 0) {
      // When both nodes dial, the smaller id's connection wins the tie-break anyway: give its
      // dial a head start of one base backoff so that usually only one connection is made.
      peer.dialGraceGiven = true;
      scheduleRetry(peer);
      return;
    }
    if (target instanceof Join join && knownPeerAt(join.address)) {
      joins.remove(join.address); // the peer at that address is dialed on its own
      return;
    }
    dial(target);
  }

  private void dial(DialTarget target) {
    InetSocketAddress address = target.address;
    ChannelFuture connect = dialer.connect(address);
    attachDial(target, connect.channel());
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        log.debug("{}: dial to {} failed: {}", config.nodeId(), address, f.cause().toString());
      }
    });
  }

  /**
   * Records an outbound channel as the target's dial in flight (I/O thread; package-private so
   * tests can stand in for a socket with an EmbeddedChannel).
   */
  void attachDial(DialTarget target, Channel channel) {
    channel.attr(TARGET).set(target);
    target.dialing = channel;
    channel.closeFuture().addListener(f -> onDialClosed(target, channel));
  }

  private void onDialClosed(DialTarget target, Channel channel) {
    if (target.dialing != channel) {
      return; // admitted (or superseded): the peer's own close handling applies
    }
    target.dialing = null;
    target.failedDials++;
    scheduleRetry(target);
  }

  private void scheduleRetry(DialTarget target) {
    if (closing || target.retry != null || target.dialing != null || target.address == null) {
      return;
    }
    if (target instanceof Peer peer && (peer.removed || peer.active != null)) {
      return;
    }
    if (target instanceof Join join && joins.get(join.address) != join) {
      return;
    }
    long delayMs = Backoff.delayMs(target.failedDials, config.reconnectBackoffBaseMs(),
        config.reconnectBackoffMaxMs(), jitter.nextDouble());
    target.retry = loop.schedule(() -> {
      target.retry = null;
      ensureDialing(target);
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Verdict admit(Channel channel, Handshake remote, boolean dialedByUs) {
    if (closing) {
      return new Verdict(Refusal.REFUSAL_SHUTTING_DOWN, "transport is closing");
    }
    String remoteId = remote.getNodeId();
    Peer peer;
    if (dialedByUs) {
      DialTarget target = channel.attr(TARGET).get();
      if (target instanceof Peer expected) {
        if (!expected.nodeId.equals(remoteId)) {
          return new Verdict(Refusal.REFUSAL_UNEXPECTED_NODE_ID, "expected node '"
              + expected.nodeId + "' at " + expected.address + " but found '" + remoteId + "'");
        }
        peer = expected;
        if (peer.removed) {
          return new Verdict(Refusal.REFUSAL_SHUTTING_DOWN, "peer " + remoteId + " was removed");
        }
        if (peer.dialing != channel) {
          return new Verdict(Refusal.REFUSAL_DUPLICATE, "this dial to " + remoteId
              + " was superseded");
        }
      } else {
        Join join = (Join) target;
        if (joins.get(join.address) != join || join.dialing != channel) {
          return new Verdict(Refusal.REFUSAL_DUPLICATE, "this join of " + join.address
              + " was superseded");
        }
        joins.remove(join.address);
        join.dialing = null;
        join.cancelRetry();
        peer = peers.computeIfAbsent(remoteId, id -> new Peer(id, join.address));
        if (peer.address == null) {
          peer.address = join.address;
        }
      }
      peer.dialing = peer.dialing == channel ? null : peer.dialing;
    } else {
      peer = peers.computeIfAbsent(remoteId, id -> new Peer(id, null));
      if (peer.address == null) {
        peer.address = parseAdvertised(remote.getPeerAddress());
      }
    }
    if (!dialedByUs && peer.active == null && config.nodeId().compareTo(remoteId) < 0
        && ownDialInFlight(peer, remote)) {
      // Crossing dials: ours wins the tie-break (we have the smaller id), and the peer applies
      // the same rule when our handshake reaches it, so refuse theirs before anyone uses it.
      return new Verdict(Refusal.REFUSAL_DUPLICATE, "our own dial to " + remoteId
          + " is in flight and wins the tie-break (dialed by the smaller id "
          + config.nodeId() + ")");
    }
    Channel existing = peer.active;
    if (existing != null) {
      if (!TieBreak.keepNew(config.nodeId(), remoteId, peer.activeDialedByUs, dialedByUs)) {
        return new Verdict(Refusal.REFUSAL_DUPLICATE, "a connection with " + remoteId
            + " already exists; keeping the one dialed by "
            + TieBreak.winner(config.nodeId(), remoteId));
      }
      deactivate(peer, existing);
      existing.close();
    }
    activate(peer, channel, remote, dialedByUs);
    return Verdict.ACCEPTED;
  }

  /**
   * Whether this node has a dial to the peer whose handshake is still in flight: the peer's own
   * dial, or a join of the address the peer advertises or is known by.
   */
  private boolean ownDialInFlight(Peer peer, Handshake remote) {
    if (peer.dialing != null) {
      return true;
    }
    InetSocketAddress advertised = parseAdvertised(remote.getPeerAddress());
    for (InetSocketAddress address : new InetSocketAddress[] {advertised, peer.address}) {
      Join join = address == null ? null : joins.get(address);
      if (join != null && join.dialing != null) {
        return true;
      }
    }
    return false;
  }

  private void activate(Peer peer, Channel channel, Handshake remote, boolean dialedByUs) {
    SocketAddress remoteAddress = channel.remoteAddress();
    PeerInfo info = new PeerInfo(remote.getNodeId(), remote.getClusterName(),
        remote.getClusterId(), remote.getProtocolVersion(), remote.getPeerAddress(),
        remote.getHttpAddress(),
        remoteAddress instanceof InetSocketAddress inet ? inet : null, dialedByUs);
    channel.attr(PEER).set(peer);
    peer.active = channel;
    peer.activeDialedByUs = dialedByUs;
    peer.info = info;
    peer.failedDials = 0;
    peer.dialGraceGiven = false;
    peer.cancelRetry();
    metrics.connections.incrementAndGet();
    metrics.connectionsOpened.increment();
    channel.closeFuture().addListener(f -> onActiveClosed(peer, channel));
    log.info("{}: connected to peer {} at {} ({})", config.nodeId(), peer.nodeId, remoteAddress,
        dialedByUs ? "dialed" : "accepted");
    try {
      handler.onPeerConnected(info);
    } catch (RuntimeException e) {
      log.error("transport handler failed on peer connected {}", peer.nodeId, e);
    }
    scheduleDrain(peer);
  }

  private void deactivate(Peer peer, Channel channel) {
    if (peer.active != channel) {
      return;
    }
    peer.active = null;
    peer.info = null;
    metrics.connections.decrementAndGet();
    try {
      handler.onPeerDisconnected(peer.nodeId);
    } catch (RuntimeException e) {
      log.error("transport handler failed on peer disconnected {}", peer.nodeId, e);
    }
  }

  private void onActiveClosed(Peer peer, Channel channel) {
    if (peer.active != channel) {
      return;
    }
    log.info("{}: connection to peer {} at {} closed", config.nodeId(), peer.nodeId,
        channel.remoteAddress());
    deactivate(peer, channel);
    scheduleRetry(peer);
  }

  private InetSocketAddress parseAdvertised(String hostPort) {
    if (hostPort.isEmpty()) {
      return null;
    }
    try {
      return Addresses.parse(hostPort);
    } catch (IllegalArgumentException e) {
      log.warn("{}: peer advertised an unusable address: {}", config.nodeId(), e.getMessage());
      return null;
    }
  }

  @Override
  public void failed(Channel channel, Refusal code, String reason, boolean refusedByPeer) {
    String tag = code.name().substring("REFUSAL_".length()).toLowerCase(Locale.ROOT);
    metrics.handshakeFailure(tag);
    DialTarget target = channel.attr(TARGET).get();
    if (code == Refusal.REFUSAL_DUPLICATE) {
      log.debug("{}: handshake with {} not kept: {}", config.nodeId(), channel.remoteAddress(),
          reason);
      return;
    }
    if (code == Refusal.REFUSAL_SAME_NODE_ID && target instanceof Join join) {
      joins.remove(join.address); // we joined our own address: nothing to retry
      join.cancelRetry();
    }
    log.warn("{}: handshake with {} failed ({} {}): {}; closing the connection", config.nodeId(),
        channel.remoteAddress(), refusedByPeer ? "refused by the peer," : "refused by us,",
        tag, reason);
  }
}
