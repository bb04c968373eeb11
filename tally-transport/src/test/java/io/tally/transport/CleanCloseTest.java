package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() writes what is queued (for a bounded time), then refuses further sends. */
class CleanCloseTest {

  @Test
  void closeFlushesQueuedMessagesBeforeClosing() {
    try (TestNode b = new TestNode("b", "127.0.0.2", 0)) {
      TestNode a = new TestNode("a", "127.0.0.1", 0, c -> c.closeFlushTimeoutMs(5_000));
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "connected", () -> a.transport.isConnected("b"));
      int accepted = 0;
      for (int i = 0; i < 5_000; i++) {
        if (a.transport.send("b", Envelopes.ping(i, 0, ByteString.copyFrom(new byte[100])))) {
          accepted++;
        }
      }
      assertThat(accepted).isEqualTo(5_000);
      a.close();
      TestNode.await(Duration.ofSeconds(10), "b got everything queued before close",
          () -> b.receivedFrom("a") == 5_000);
      assertThat(b.outOfOrderFrom("a")).isZero();
      assertThat(a.transport.send("b", Envelopes.ping(1, 0, ByteString.EMPTY))).isFalse();
      assertThat(a.count("tally.transport.drops", "reason", "closed")).isEqualTo(1);
      a.close(); // idempotent
    }
  }

  @Test
  void closeGivesUpOnAPeerThatDoesNotReadAfterTheFlushTimeout() throws Exception {
    TestNode a = new TestNode("a", "127.0.0.1", 0, c -> c.closeFlushTimeoutMs(200)
        .writeBufferHighWaterBytes(64 * 1024));
    try (RawPeer slow = new RawPeer(a.address(), 4096)) {
      slow.writeFrame(RawPeer.handshake("slow"));
      assertThat(slow.readReply().getAccepted()).isTrue();
      TestNode.await(Duration.ofSeconds(5), "a knows slow", () -> a.transport.isConnected("slow"));
      ByteString payload = ByteString.copyFrom(new byte[1024]);
      while (a.transport.send("slow", Envelopes.ping(1, 0, payload))) {
        // fill the queue up to its bound
      }
      long start = System.nanoTime();
      a.close();
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // 200 ms of flushing plus closing channels and the event loop; generous for a loaded box.
      assertThat(tookMs).isLessThan(10_000);
      assertThat(a.count("tally.transport.drops", "peer", "slow", "reason", "closed")).isPositive();
      assertThat(slow.closedByPeer()).isTrue();
    }
  }
}
