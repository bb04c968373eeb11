package io.tally.transport;

import io.netty.channel.Channel;
import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One remote node: its outbound queue and its (at most one) handshaken connection.
 *
 * <p>The queue and its counters are written by any sending thread and drained by the I/O thread;
 * {@link #active} and {@link #info} are written only by the I/O thread and read by any thread;
 * everything else is confined to the I/O thread.
 */
final class Peer extends DialTarget {
  final String nodeId;
  /** Messages accepted by {@code send} and not yet written to a channel. */
  final Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
  final AtomicInteger queuedMessages = new AtomicInteger();
  final AtomicLong queuedBytes = new AtomicLong();
  /** Whether a drain task is already scheduled on the I/O thread. */
  final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** The handshaken connection all traffic with this peer uses, or null while disconnected. */
  volatile Channel active;
  volatile PeerInfo info;
  /** Whether this node dialed {@link #active}. */
  boolean activeDialedByUs;
  /** Whether the head start given to a smaller id's dial was already waited for (I/O thread). */
  boolean dialGraceGiven;
  /** Set when the runtime removed the peer; a removed peer is never dialed again. */
  volatile boolean removed;

  Peer(String nodeId, InetSocketAddress address) {
    super(address);
    this.nodeId = nodeId;
  }
}
