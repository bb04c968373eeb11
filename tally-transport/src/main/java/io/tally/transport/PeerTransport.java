package io.tally.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One node's peer transport (stub: API only, implementation follows).
 */
public final class PeerTransport implements AutoCloseable {
  private PeerTransport() {}

  /** Binds TCP and UDP on {@code config.bindAddress()} and starts the I/O thread. */
  public static PeerTransport start(TransportConfig config, TransportHandler handler,
      MeterRegistry registry) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The bound TCP (and UDP) address. */
  public InetSocketAddress localAddress() { throw new UnsupportedOperationException(); }

  /** Keeps a connection to {@code nodeId} at {@code address}. */
  public void addPeer(String nodeId, InetSocketAddress address) { throw new UnsupportedOperationException(); }

  /** Dials an address whose node id is not known yet. */
  public void join(InetSocketAddress address) { throw new UnsupportedOperationException(); }

  /** Forgets a peer. */
  public void removePeer(String nodeId) { throw new UnsupportedOperationException(); }

  /** Queues an envelope for a peer; false when refused (backpressure or unknown peer). */
  public boolean send(String nodeId, Envelope envelope) { throw new UnsupportedOperationException(); }

  /** Sends one UDP datagram. */
  public void sendDatagram(InetSocketAddress to, byte[] bytes) { throw new UnsupportedOperationException(); }

  /** Whether a handshaken connection to the peer is open. */
  public boolean isConnected(String nodeId) { throw new UnsupportedOperationException(); }

  /** Node ids of peers with a handshaken connection. */
  public Set<String> connectedPeers() { throw new UnsupportedOperationException(); }

  /** Sets the cluster id once known. */
  public void setClusterId(String clusterId) { throw new UnsupportedOperationException(); }

  @Override
  public void close() {}
}
