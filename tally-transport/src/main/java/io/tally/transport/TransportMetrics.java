package io.tally.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's Micrometer meters. Every meter carries the tag {@code node} (this node's id).
 * Counters are thread-safe; any thread.
 *
 * <ul>
 *   <li>{@code tally.transport.frames.out} / {@code .frames.in}: envelopes written / delivered
 *   <li>{@code tally.transport.bytes.out} / {@code .bytes.in}: their body bytes (without the
 *       4-byte prefix)
 *   <li>{@code tally.transport.drops} (tags {@code peer}, {@code reason}): messages refused or lost;
 *       reasons {@code queue_full}, {@code unknown_peer}, {@code not_active} (arrived on a
 *       connection that lost the tie-break), {@code peer_removed}, {@code closed}
 *   <li>{@code tally.transport.connections}: gauge of handshaken connections
 *   <li>{@code tally.transport.connections.opened}: handshakes completed
 *   <li>{@code tally.transport.handshake.failures} (tag {@code reason}): refused or failed
 *       handshakes, by refusal code or {@code timeout}
 *   <li>{@code tally.transport.connection.errors} (tag {@code reason}): connections closed after
 *       a frame or I/O error ({@code frame_too_long}, {@code corrupt_frame}, {@code bad_protobuf},
 *       {@code io}, {@code idle_timeout}, {@code other})
 *   <li>{@code tally.transport.datagrams.out} / {@code .datagrams.in} and
 *       {@code tally.transport.datagram.bytes.out} / {@code .datagram.bytes.in}
 *   <li>{@code tally.transport.datagram.drops}: datagrams not sent because the UDP socket was
 *       backed up
 * </ul>
 */
final class TransportMetrics {
  private final MeterRegistry registry;
  private final String nodeId;
  final Counter framesOut;
  final Counter framesIn;
  final Counter bytesOut;
  final Counter bytesIn;
  final Counter connectionsOpened;
  final Counter datagramsOut;
  final Counter datagramsIn;
  final Counter datagramBytesOut;
  final Counter datagramBytesIn;
  final Counter datagramDrops;
  final AtomicInteger connections = new AtomicInteger();

  TransportMetrics(MeterRegistry registry, String nodeId) {
    this.registry = registry;
    this.nodeId = nodeId;
    framesOut = counter("tally.transport.frames.out");
    framesIn = counter("tally.transport.frames.in");
    bytesOut = counter("tally.transport.bytes.out");
    bytesIn = counter("tally.transport.bytes.in");
    connectionsOpened = counter("tally.transport.connections.opened");
    datagramsOut = counter("tally.transport.datagrams.out");
    datagramsIn = counter("tally.transport.datagrams.in");
    datagramBytesOut = counter("tally.transport.datagram.bytes.out");
    datagramBytesIn = counter("tally.transport.datagram.bytes.in");
    datagramDrops = counter("tally.transport.datagram.drops");
    Gauge.builder("tally.transport.connections", connections, AtomicInteger::get)
        .tag("node", nodeId)
        .strongReference(true)
        .register(registry);
  }

  private Counter counter(String name) {
    return Counter.builder(name).tag("node", nodeId).register(registry);
  }

  void drop(String peer, String reason, int messages) {
    Counter.builder("tally.transport.drops")
        .tag("node", nodeId).tag("peer", peer).tag("reason", reason)
        .register(registry)
        .increment(messages);
  }

  void handshakeFailure(String reason) {
    Counter.builder("tally.transport.handshake.failures")
        .tag("node", nodeId).tag("reason", reason)
        .register(registry)
        .increment();
  }

  void connectionError(String reason) {
    Counter.builder("tally.transport.connection.errors")
        .tag("node", nodeId).tag("reason", reason)
        .register(registry)
        .increment();
  }
}
