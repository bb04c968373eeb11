package io.tally.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;

/**
 * Something the transport keeps dialing until a handshake succeeds: a {@link Peer} (known node id)
 * or a {@link Join} (an address whose node id is not known yet). Mutable; confined to the
 * transport's I/O thread except where a field says otherwise.
 */
abstract sealed class DialTarget permits Peer, Join {
  /** Where to dial; null when the address is unknown (the peer can still dial us). */
  volatile InetSocketAddress address;
  /** The outbound channel whose handshake is in progress, if any. */
  Channel dialing;
  /** The scheduled redial, if any. */
  ScheduledFuture<?> retry;
  /** Dials that failed since the last successful handshake; drives the backoff. */
  int failedDials;

  DialTarget(InetSocketAddress address) {
    this.address = address;
  }

  void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }
}
