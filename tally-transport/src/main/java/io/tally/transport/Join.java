package io.tally.transport;

import java.net.InetSocketAddress;

/**
 * A dial to an address whose node id is not known yet ({@link PeerTransport#join}). Once the
 * handshake names the node, the join becomes a {@link Peer} at that address. I/O thread only.
 */
final class Join extends DialTarget {
  Join(InetSocketAddress address) {
    super(address);
  }
}
