package io.tally.transport;

import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;

/**
 * What the transport reports to its owner (the node runtime). Every callback runs on the
 * transport's single I/O thread, one at a time, in the order events happened; implementations must
 * return quickly (typically by putting the event on the node's queue) and must not block.
 * Exceptions thrown by a callback are logged and otherwise ignored.
 */
public interface TransportHandler {
  /** A peer finished the handshake; messages to and from {@code peer.nodeId()} now flow. */
  void onPeerConnected(PeerInfo peer);

  /** The connection to a peer closed; queued messages wait for the reconnect. */
  void onPeerDisconnected(String nodeId);

  /** An envelope from a connected peer, in the order the peer sent it. */
  void onMessage(String fromNodeId, Envelope envelope);

  /**
   * A UDP datagram arrived on the peer address. {@code bytes} is a copy owned by the callee; its
   * content is unchecked (garbage is the handler's concern).
   */
  void onDatagram(InetSocketAddress from, byte[] bytes);
}
