package io.tally.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Handshake;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's peer transport: a TCP listener and a UDP socket on the same host:port, one
 * handshaken TCP connection per peer (used for traffic in both directions), a bounded outbound
 * queue per peer, and redial with jittered exponential backoff.
 *
 * <p>Threads: all network work and all {@link TransportHandler} callbacks run on one I/O thread
 * owned by this object ("tally-peer-&lt;nodeId&gt;"). Every public method may be called from any
 * thread, including from inside a callback, except {@link #close()} which must not be called from
 * a callback.
 *
 * <p>Delivery: per peer, envelopes are delivered in the order {@link #send} accepted them, at most
 * once. Messages still queued when a connection breaks wait for the next connection; messages
 * already written to a connection that breaks (or that loses the tie-break) may be lost. See
 * docs/transport.md.
 */
public final class PeerTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerTransport.class);

  private final TransportConfig config;
  private final NioEventLoopGroup group;
  private final EventLoop loop;
  private final TransportMetrics metrics;
  private final PeerRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String clusterId;
  private volatile Handshake localHandshake;
  private Channel server;
  private Channel udp;
  private InetSocketAddress localAddress;

  private PeerTransport(TransportConfig config, TransportHandler handler, MeterRegistry meters) {
    this.config = config;
    this.clusterId = config.clusterId();
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("tally-peer-" + config.nodeId(), true));
    this.loop = group.next();
    this.metrics = new TransportMetrics(meters, config.nodeId());
    this.registry = new PeerRegistry(config, handler, metrics, loop, this::handshake);
  }

  /**
   * Binds TCP and UDP on {@code config.bindAddress()} and starts the I/O thread.
   *
   * @throws TransportBindException naming the address when the TCP or UDP port cannot be bound
   */
  public static PeerTransport start(TransportConfig config, TransportHandler handler,
      MeterRegistry registry) {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(registry, "registry");
    PeerTransport transport = new PeerTransport(config, handler, registry);
    try {
      transport.bind(handler);
    } catch (RuntimeException e) {
      transport.group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      throw e;
    }
    return transport;
  }

  private void bind(TransportHandler handler) {
    WriteBufferWaterMark waterMark = new WriteBufferWaterMark(
        config.writeBufferHighWaterBytes() / 2, config.writeBufferHighWaterBytes());
    ErrorHandler errors = new ErrorHandler(config.nodeId(), metrics);
    EnvelopeHandler envelopes = new EnvelopeHandler(registry);
    Supplier<io.netty.channel.ChannelHandler> envelopeHandler = () -> envelopes;
    Supplier<io.netty.channel.ChannelHandler> idleHandler = () -> config.idleTimeoutMs() == 0
        && config.keepaliveIntervalMs() == 0 ? null
        : new IdleStateHandler(false, config.idleTimeoutMs(), config.keepaliveIntervalMs(), 0,
            TimeUnit.MILLISECONDS);

    ServerBootstrap serverBootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            PeerPipeline.init(ch.pipeline(), config.frameBytesMax(),
                new HandshakeHandler(false, PeerTransport.this::handshake,
                    config.handshakeTimeoutMs(), registry, envelopeHandler, idleHandler),
                errors);
          }
        });
    InetSocketAddress requested = config.bindAddress();
    ChannelFuture tcpBind = serverBootstrap.bind(requested).awaitUninterruptibly();
    if (!tcpBind.isSuccess()) {
      throw new TransportBindException("cannot listen for peer TCP on " + Addresses.format(requested)
          + ": " + tcpBind.cause().getMessage(), tcpBind.cause());
    }
    server = tcpBind.channel();
    localAddress = (InetSocketAddress) server.localAddress();

    Bootstrap udpBootstrap = new Bootstrap()
        .group(group)
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
        .handler(new DatagramHandler(config.nodeId(), handler, metrics));
    ChannelFuture udpBind = udpBootstrap.bind(localAddress).awaitUninterruptibly();
    if (!udpBind.isSuccess()) {
      server.close().awaitUninterruptibly();
      throw new TransportBindException("cannot bind gossip UDP on " + Addresses.format(localAddress)
          + ": " + udpBind.cause().getMessage(), udpBind.cause());
    }
    udp = udpBind.channel();
    localHandshake = buildHandshake();

    Bootstrap dialer = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .localAddress(new InetSocketAddress(localAddress.getAddress(), 0))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            PeerPipeline.init(ch.pipeline(), config.frameBytesMax(),
                new HandshakeHandler(true, PeerTransport.this::handshake,
                    config.handshakeTimeoutMs(), registry, envelopeHandler, idleHandler),
                errors);
          }
        });
    registry.setDialer(dialer);
    log.info("{}: peer transport listening on TCP+UDP {}", config.nodeId(), Addresses.format(localAddress));
  }

  private Handshake buildHandshake() {
    return Handshake.newBuilder()
        .setClusterName(config.clusterName())
        .setClusterId(clusterId)
        .setNodeId(config.nodeId())
        .setProtocolVersion(WireProtocol.PROTOCOL_VERSION)
        .setPeerAddress(config.advertisedOr(localAddress))
        .setHttpAddress(config.httpAddress())
        .build();
  }

  private Handshake handshake() {
    return localHandshake;
  }

  /** The bound TCP (and UDP) address; useful when the config asked for port 0. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** This node's id. */
  public String nodeId() {
    return config.nodeId();
  }

  /**
   * Keeps a connection to {@code nodeId} at {@code address}: dials now (unless connected) and
   * redials with backoff whenever the connection drops, until {@link #removePeer}. Messages may be
   * sent to the peer as soon as this returns; they wait in its queue until connected.
   *
   * @throws IllegalArgumentException if {@code nodeId} is this node's id
   */
  public void addPeer(String nodeId, InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    if (nodeId.equals(config.nodeId())) {
      throw new IllegalArgumentException("cannot add this node itself (" + nodeId + ") as a peer");
    }
    Peer peer = registry.register(nodeId, address);
    loop.execute(() -> registry.ensureDialing(peer));
  }

  /**
   * Dials an address whose node id is not known yet (join through a known member), retrying with
   * backoff until a handshake succeeds; the node id then arrives in
   * {@link TransportHandler#onPeerConnected} and the peer is kept like one given to
   * {@link #addPeer}. Joining this node's own address stops after the first handshake.
   */
  public void join(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    loop.execute(() -> registry.join(address));
  }

  /** Forgets a peer: closes its connection, stops redialing, drops its queue (counted). */
  public void removePeer(String nodeId) {
    loop.execute(() -> registry.removePeer(nodeId));
  }

  /**
   * Queues an envelope for a peer. Returns false, and counts a drop, when the peer is unknown,
   * its queue is at its message or byte bound (backpressure), or the transport is closing.
   * A peer is known once given to {@link #addPeer} or once it has connected (either direction).
   *
   * @throws IllegalArgumentException if the envelope is larger than frameBytesMax
   */
  public boolean send(String nodeId, Envelope envelope) {
    return registry.send(nodeId, envelope);
  }

  /**
   * Sends one UDP datagram from the peer port. Returns false (counted in
   * {@code tally.transport.datagram.drops}) when the UDP socket is backed up or the transport is
   * closed. The bytes are copied.
   *
   * @throws IllegalArgumentException if {@code bytes} is longer than datagramBytesMax
   */
  public boolean sendDatagram(InetSocketAddress to, byte[] bytes) {
    if (bytes.length > config.datagramBytesMax()) {
      throw new IllegalArgumentException("datagram of " + bytes.length
          + " bytes exceeds datagramBytesMax " + config.datagramBytesMax());
    }
    if (closed.get() || !udp.isWritable()) {
      metrics.datagramDrops.increment();
      return false;
    }
    udp.writeAndFlush(new DatagramPacket(Unpooled.copiedBuffer(bytes), to), udp.voidPromise());
    metrics.datagramsOut.increment();
    metrics.datagramBytesOut.increment(bytes.length);
    return true;
  }

  /** Whether a handshaken connection to the peer is open. */
  public boolean isConnected(String nodeId) {
    return registry.isConnected(nodeId);
  }

  /** Node ids of peers with a handshaken connection, sorted. */
  public List<String> connectedPeers() {
    return registry.connectedPeers();
  }

  /** Messages queued for a peer and not yet written to its connection (0 for an unknown peer). */
  public int queuedMessages(String nodeId) {
    return registry.queuedMessages(nodeId);
  }

  /** What a connected peer said in its handshake, or null when not connected. */
  public PeerInfo peerInfo(String nodeId) {
    return registry.peerInfo(nodeId);
  }

  /**
   * Sets the cluster id once known (after bootstrap); later handshakes carry it and refuse peers
   * with another non-empty id. Existing connections are kept.
   */
  public void setClusterId(String clusterId) {
    Objects.requireNonNull(clusterId, "clusterId");
    synchronized (this) { // serializes concurrent setters; handshakes read the volatile field
      this.clusterId = clusterId;
      this.localHandshake = buildHandshake();
    }
  }

  /**
   * Stops accepting, writes what is queued for at most closeFlushTimeoutMs, closes every
   * connection and the UDP socket, and stops the I/O thread. Idempotent.
   *
   * @throws IllegalStateException if called from a transport callback (the I/O thread)
   */
  @Override
  public void close() {
    if (loop.inEventLoop()) {
      throw new IllegalStateException("PeerTransport.close() must not be called from a transport callback");
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registry.markClosing();
    long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.closeFlushTimeoutMs());
    try {
      loop.submit(() -> server.close()).get();
      flushUntil(deadlineNanos);
      loop.submit(registry::closeAll).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("{}: error while closing the peer transport", config.nodeId(), e.getCause());
    }
    udp.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    log.info("{}: peer transport closed", config.nodeId());
  }

  /** Drains the queues and waits for the sockets to take what was written, until the deadline. */
  private void flushUntil(long deadlineNanos) throws InterruptedException, ExecutionException {
    while (true) {
      List<ChannelFuture> flushed = loop.submit(() -> {
        registry.drainAll();
        List<ChannelFuture> futures = new ArrayList<>();
        for (Channel channel : registry.activeChannels()) {
          // An empty buffer written below the frame encoder completes after everything before it.
          futures.add(channel.pipeline().context(PeerPipeline.FRAME_ENCODER)
              .writeAndFlush(Unpooled.EMPTY_BUFFER));
        }
        return futures;
      }).get();
      for (ChannelFuture future : flushed) {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0 || !future.await(leftNanos, TimeUnit.NANOSECONDS)) {
          return;
        }
      }
      if (loop.submit(registry::queuesEmpty).get() || System.nanoTime() >= deadlineNanos) {
        return;
      }
    }
  }
}
