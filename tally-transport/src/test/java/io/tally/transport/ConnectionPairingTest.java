package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * One connection per peer pair: simultaneous dials settle on the one dialed by the smaller id;
 * a join learns the node id from the handshake; joining oneself stops.
 */
class ConnectionPairingTest {

  @RepeatedTest(5)
  void simultaneousDialsSettleOnOneConnectionUsedBothWays() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.2", 0)) {
      // b joins (no head start for the smaller id: a join does not know the id) while a dials b,
      // so both dials usually cross and the tie-break has to pick one.
      b.transport.join(a.address());
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "both connected",
          () -> a.transport.isConnected("b") && b.transport.isConnected("a"));
      // Both ends agree on the one surviving connection. When both dials got through, it is the
      // one a (the smaller id) dialed; when b's dial landed first, a had no reason to dial.
      TestNode.await(Duration.ofSeconds(10), "both ends agree on one connection", () -> {
        PeerInfo atA = a.transport.peerInfo("b");
        PeerInfo atB = b.transport.peerInfo("a");
        return atA != null && atB != null && atA.dialedByUs() != atB.dialedByUs()
            && TestNode.gauge(a.meters, "tally.transport.connections") == 1
            && TestNode.gauge(b.meters, "tally.transport.connections") == 1;
      });
      boolean bothDialed = a.count("tally.transport.connections.opened") > 1
          || b.count("tally.transport.connections.opened") > 1;
      if (bothDialed) {
        assertThat(a.transport.peerInfo("b").dialedByUs()).isTrue();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      for (int i = 0; i < 1_000; i++) {
        a.sendBlocking("b", Envelopes.ping(i, 0, ByteString.EMPTY), deadline);
        b.sendBlocking("a", Envelopes.ping(i, 0, ByteString.EMPTY), deadline);
      }
      TestNode.await(Duration.ofSeconds(10), "all delivered",
          () -> a.lastIdFrom("b") == 999 && b.lastIdFrom("a") == 999);
      assertThat(a.outOfOrderFrom("b")).isZero();
      assertThat(b.outOfOrderFrom("a")).isZero();
    }
  }

  @Test
  void joinLearnsTheNodeIdFromTheHandshakeAndBothSidesCanSend() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.2", 0, c -> c.httpAddress("127.0.0.2:7001"))) {
      b.transport.join(a.address());
      TestNode.await(Duration.ofSeconds(10), "b learned a", () -> b.transport.isConnected("a"));
      TestNode.await(Duration.ofSeconds(10), "b was told", () -> !b.connected.isEmpty());
      assertThat(b.connected).extracting(PeerInfo::nodeId).containsExactly("a");
      TestNode.await(Duration.ofSeconds(10), "a learned b", () -> a.transport.isConnected("b"));
      assertThat(a.transport.peerInfo("b").httpAddress()).isEqualTo("127.0.0.2:7001");
      assertThat(a.transport.peerInfo("b").peerAddress())
          .isEqualTo(Addresses.format(b.address()));
      assertThat(a.transport.send("b", Envelopes.ping(7, 0, ByteString.EMPTY))).isTrue();
      assertThat(b.transport.send("a", Envelopes.ping(8, 0, ByteString.EMPTY))).isTrue();
      TestNode.await(Duration.ofSeconds(10), "both delivered",
          () -> b.lastIdFrom("a") == 7 && a.lastIdFrom("b") == 8);
    }
  }

  @Test
  void joiningOwnAddressIsRefusedOnceAndNotRetried() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0)) {
      a.transport.join(a.address());
      TestNode.await(Duration.ofSeconds(10), "self-dial refused",
          () -> a.count("tally.transport.handshake.failures", "reason", "same_node_id") >= 2);
      assertThat(a.transport.connectedPeers()).isEmpty();
      // Refused on both ends (acceptor and dialer) of the one attempt; no retry follows.
      assertThat(a.count("tally.transport.handshake.failures", "reason", "same_node_id"))
          .isEqualTo(2);
    }
  }

  @Test
  void removePeerClosesTheConnectionAndStopsRedialing() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.2", 0)) {
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "connected", () -> a.transport.isConnected("b"));
      a.transport.removePeer("b");
      TestNode.await(Duration.ofSeconds(10), "a reported the disconnect",
          () -> a.disconnected.contains("b"));
      assertThat(a.transport.send("b", Envelopes.ping(1, 0, ByteString.EMPTY))).isFalse();
    }
  }
}
