package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every message accepted by send on a stable connection is delivered once, in order. */
class InOrderDeliveryTest {
  private static final int MESSAGES = 100_000;
  private static final ByteString PAYLOAD = ByteString.copyFromUtf8("0123456789abcdef");

  @Test
  void twoTransportsExchange100kMessagesEachWayInOrder() throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.1", 0)) {
      // One side dials; the other learns it from the handshake. (Simultaneous dials are covered by
      // ConnectionPairingTest: messages written on the connection that loses the tie-break may be
      // lost, which this test of a stable connection must not see.)
      a.transport.addPeer("b", b.address());
      exchange(List.of(a, b));
    }
  }

  @Test
  void threeTransportsOnDistinctLoopbackAddressesExchange100kMessagesEachWayInOrder()
      throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.2", 0);
        TestNode c = new TestNode("c", "127.0.0.3", 0)) {
      List<TestNode> nodes = List.of(a, b, c);
      a.transport.addPeer("b", b.address());
      a.transport.addPeer("c", c.address());
      b.transport.addPeer("c", c.address());
      exchange(nodes);
      // Outgoing connections bind to the node's own address: each peer saw the dialer's host.
      for (TestNode node : nodes) {
        for (PeerInfo info : node.connected) {
          if (!info.dialedByUs()) {
            TestNode dialer = nodes.stream().filter(n -> n.id().equals(info.nodeId())).findFirst()
                .orElseThrow();
            assertThat(info.remoteAddress().getAddress())
                .isEqualTo(dialer.address().getAddress());
          }
        }
      }
    }
  }

  private static void exchange(List<TestNode> nodes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (TestNode node : nodes) {
      TestNode.await(Duration.ofSeconds(10), node.id() + " connected to all",
          () -> node.transport.connectedPeers().size() == nodes.size() - 1);
    }
    ExecutorService senders = Executors.newFixedThreadPool(nodes.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (TestNode from : nodes) {
        done.add(senders.submit(() -> {
          for (long i = 0; i < MESSAGES; i++) {
            for (TestNode to : nodes) {
              if (to != from) {
                from.sendBlocking(to.id(), Envelopes.ping(i, 0, PAYLOAD), deadline);
              }
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
    for (TestNode to : nodes) {
      for (TestNode from : nodes) {
        if (from != to) {
          TestNode.await(Duration.ofSeconds(30), to.id() + " received all from " + from.id(),
              () -> to.receivedFrom(from.id()) >= MESSAGES);
          assertThat(to.receivedFrom(from.id())).isEqualTo(MESSAGES);
          assertThat(to.outOfOrderFrom(from.id())).isZero();
          assertThat(to.lastIdFrom(from.id())).isEqualTo(MESSAGES - 1);
        }
      }
      assertThat(to.count("tally.transport.drops", "reason", "not_active")).isZero();
    }
  }
}
