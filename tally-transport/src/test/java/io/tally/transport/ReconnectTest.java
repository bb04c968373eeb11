package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that restarts mid-stream: the sender redials with backoff and traffic resumes. What
 * crosses the restart is delivered in order without duplicates, with gaps only for messages that
 * were written to the old connection; everything sent once the new connection is up arrives.
 */
class ReconnectTest {
  private static final ByteString PAYLOAD = ByteString.copyFromUtf8("payload");

  @Test
  void senderRedialsARestartedPeerAndTrafficResumesInOrder() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    try (TestNode a = new TestNode("a", "127.0.0.1", 0)) {
      TestNode b = new TestNode("b", "127.0.0.2", 0);
      int port = b.address().getPort();
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "a connected to b", () -> a.transport.isConnected("b"));

      long next = 0;
      for (; next < 20_000; next++) {
        a.sendBlocking("b", Envelopes.ping(next, 0, PAYLOAD), deadline);
      }
      // Close b once a's queue is written out: part of those messages are still in the socket
      // buffers and in b's pipeline, i.e. in flight.
      TestNode.await(Duration.ofSeconds(10), "a's queue written", () -> a.transport.queuedMessages("b") == 0);
      b.close();
      TestNode.await(Duration.ofSeconds(10), "a saw b go", () -> !a.transport.isConnected("b"));

      // While b is down, sends are queued (up to the bound) and wait for the reconnect.
      List<Long> queuedWhileDown = new ArrayList<>();
      for (int i = 0; i < 1_000; i++, next++) {
        if (a.transport.send("b", Envelopes.ping(next, 0, PAYLOAD))) {
          queuedWhileDown.add(next);
        }
      }
      assertThat(queuedWhileDown).hasSize(1_000);

      try (TestNode b2 = new TestNode("b", "127.0.0.2", port)) {
        b2.keepIds = true;
        TestNode.await(Duration.ofSeconds(10), "a reconnected to the restarted b",
            () -> a.transport.isConnected("b") && b2.transport.isConnected("a"));
        long firstAfter = next;
        for (int i = 0; i < 5_000; i++, next++) {
          a.sendBlocking("b", Envelopes.ping(next, 0, PAYLOAD), deadline);
        }
        long last = next - 1;
        TestNode.await(Duration.ofSeconds(20), "restarted b got the last message",
            () -> b2.lastIdFrom("a") == last);
        assertThat(b2.outOfOrderFrom("a")).as("no duplicates, no reordering").isZero();
        // Messages queued while b was down were delivered to the new incarnation.
        assertThat(b2.ids).containsAll(queuedWhileDown);
        // Everything sent after the reconnect arrived.
        assertThat(b2.ids.stream().filter(id -> id >= firstAfter).count()).isEqualTo(5_000);
        assertThat(a.count("tally.transport.connections.opened")).isGreaterThanOrEqualTo(2);
      }
    }
  }
}
