package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** A transport under test with a handler that records everything it hears. */
final class TestNode implements TransportHandler, AutoCloseable {
  static final String CLUSTER = "test-cluster";

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final PeerTransport transport;
  final List<PeerInfo> connected = new CopyOnWriteArrayList<>();
  final List<String> disconnected = new CopyOnWriteArrayList<>();
  final List<byte[]> datagrams = new CopyOnWriteArrayList<>();
  /** Per sender: messages received. */
  final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
  /** Per sender: the last ping id received (messages carry strictly increasing ids). */
  final Map<String, AtomicLong> lastId = new ConcurrentHashMap<>();
  /** Per sender: messages whose id was not larger than the previous one. */
  final Map<String, AtomicLong> outOfOrder = new ConcurrentHashMap<>();
  /** Every message as (sender, id), kept only when {@link #keepIds} is set. */
  final List<Long> ids = new CopyOnWriteArrayList<>();
  volatile boolean keepIds;

  TestNode(String nodeId, String host, int port) {
    this(nodeId, host, port, UnaryOperator.identity());
  }

  TestNode(String nodeId, String host, int port, UnaryOperator<TransportConfig.Builder> tweak) {
    TransportConfig config = tweak.apply(TransportConfig.builder(nodeId, CLUSTER,
        new InetSocketAddress(host, port))
        .reconnectBackoffBaseMs(20).reconnectBackoffMaxMs(200)).build();
    transport = PeerTransport.start(config, this, meters);
  }

  String id() {
    return transport.nodeId();
  }

  InetSocketAddress address() {
    return transport.localAddress();
  }

  @Override
  public void onPeerConnected(PeerInfo peer) {
    connected.add(peer);
  }

  @Override
  public void onPeerDisconnected(String nodeId) {
    disconnected.add(nodeId);
  }

  @Override
  public void onMessage(String fromNodeId, Envelope envelope) {
    received.computeIfAbsent(fromNodeId, k -> new AtomicLong()).incrementAndGet();
    long id = envelope.getPing().getId();
    AtomicLong last = lastId.computeIfAbsent(fromNodeId, k -> new AtomicLong(-1));
    if (id <= last.get()) {
      outOfOrder.computeIfAbsent(fromNodeId, k -> new AtomicLong()).incrementAndGet();
    }
    last.set(id);
    if (keepIds) {
      ids.add(id);
    }
  }

  @Override
  public void onDatagram(InetSocketAddress from, byte[] bytes) {
    datagrams.add(bytes);
  }

  long receivedFrom(String nodeId) {
    AtomicLong n = received.get(nodeId);
    return n == null ? 0 : n.get();
  }

  long outOfOrderFrom(String nodeId) {
    AtomicLong n = outOfOrder.get(nodeId);
    return n == null ? 0 : n.get();
  }

  long lastIdFrom(String nodeId) {
    AtomicLong n = lastId.get(nodeId);
    return n == null ? -1 : n.get();
  }

  /** Sum of a counter over all tag combinations matching the given tags. */
  double count(String name, String... tags) {
    return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
  }

  static double gauge(MeterRegistry meters, String name) {
    return meters.get(name).gauge().value();
  }

  /** Sends one ping, retrying while the queue is full (backpressure), until the deadline. */
  void sendBlocking(String to, Envelope envelope, long deadlineNanos) {
    while (!transport.send(to, envelope)) {
      if (System.nanoTime() > deadlineNanos) {
        throw new AssertionError(id() + " could not send to " + to + " before the deadline");
      }
      LockSupport.parkNanos(50_000);
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  /** Polls a condition every few milliseconds until it holds or the timeout passes. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      LockSupport.parkNanos(2_000_000);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
