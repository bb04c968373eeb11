package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Idle connections send keepalives (empty envelopes, never delivered); a connection on which
 * nothing arrives for idleTimeoutMs is closed, so a peer that vanished without a FIN is noticed.
 */
class IdleConnectionTest {

  @Test
  void aSilentPeerGetsKeepalivesAndIsClosedAfterTheIdleTimeout() throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0,
            b -> b.keepaliveIntervalMs(50).idleTimeoutMs(400));
        RawPeer silent = new RawPeer(a.address())) {
      silent.writeFrame(RawPeer.handshake("silent"));
      assertThat(silent.readReply().getAccepted()).isTrue();
      DataInputStream in = new DataInputStream(silent.socket.getInputStream());
      assertThat(in.readInt()).as("a keepalive is an empty frame").isZero();
      assertThat(silent.closedByPeer()).isTrue();
      assertThat(a.count("tally.transport.connection.errors", "reason", "idle_timeout"))
          .isEqualTo(1);
      TestNode.await(Duration.ofSeconds(5), "a reported the disconnect",
          () -> a.disconnected.contains("silent"));
    }
  }

  @Test
  void keepalivesHoldAnIdleConnectionOpenAndAreNotDelivered() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0,
            b -> b.keepaliveIntervalMs(100).idleTimeoutMs(1_500));
        TestNode b = new TestNode("b", "127.0.0.2", 0,
            c -> c.keepaliveIntervalMs(100).idleTimeoutMs(1_500))) {
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "connected",
          () -> a.transport.isConnected("b") && b.transport.isConnected("a"));
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000);
      while (System.nanoTime() < until) {
        assertThat(a.transport.isConnected("b") && b.transport.isConnected("a")).isTrue();
        LockSupport.parkNanos(20_000_000);
      }
      assertThat(a.count("tally.transport.connections.opened")).isEqualTo(1);
      assertThat(a.received).isEmpty();
      assertThat(b.received).isEmpty();
    }
  }
}
