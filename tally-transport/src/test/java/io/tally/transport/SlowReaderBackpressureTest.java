package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A peer that handshakes and then never reads: the sender's queue stops at its bound, send returns
 * false beyond it, and every refused message is counted as a drop.
 */
class SlowReaderBackpressureTest {
  private static final int QUEUE_MESSAGES_MAX = 1_000;
  private static final int HIGH_WATER_BYTES = 64 * 1024;
  private static final int ATTEMPTS = 100_000;

  @Test
  void sendsBeyondTheQueueBoundReturnFalseAndAreCounted() throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0, b -> b
            .outboundQueueMessagesMax(QUEUE_MESSAGES_MAX)
            .outboundQueueBytesMax(4L * 1024 * 1024)
            .writeBufferHighWaterBytes(HIGH_WATER_BYTES));
        RawPeer slow = new RawPeer(a.address(), 4096)) {
      slow.writeFrame(RawPeer.handshake("slow"));
      assertThat(slow.readReply().getAccepted()).isTrue();
      TestNode.await(Duration.ofSeconds(5), "a knows slow", () -> a.transport.isConnected("slow"));

      ByteString payload = ByteString.copyFrom(new byte[1024]);
      int accepted = 0;
      for (int i = 0; i < ATTEMPTS; i++) {
        if (a.transport.send("slow", Envelopes.ping(i, 0, payload))) {
          accepted++;
        }
      }
      // Accepted = queue bound + what the socket and Netty's write buffer took before the channel
      // turned unwritable. Without backpressure all 100,000 (100 MiB) would be held.
      int socketAndBufferMessagesMax = (HIGH_WATER_BYTES + 16 * 1024 * 1024) / 1024;
      assertThat(accepted).isGreaterThanOrEqualTo(QUEUE_MESSAGES_MAX)
          .isLessThan(QUEUE_MESSAGES_MAX + socketAndBufferMessagesMax);
      assertThat(a.transport.queuedMessages("slow")).isLessThanOrEqualTo(QUEUE_MESSAGES_MAX);
      assertThat(a.count("tally.transport.drops", "peer", "slow", "reason", "queue_full"))
          .isEqualTo(ATTEMPTS - accepted);
      // The transport still serves other peers.
      try (TestNode b = new TestNode("b", "127.0.0.1", 0)) {
        b.transport.addPeer("a", a.address());
        TestNode.await(Duration.ofSeconds(10), "b connected", () -> b.transport.isConnected("a"));
        assertThat(b.transport.send("a", Envelopes.ping(1, 0, ByteString.EMPTY))).isTrue();
        TestNode.await(Duration.ofSeconds(10), "a got b's ping", () -> a.receivedFrom("b") == 1);
      }
    }
  }

  @Test
  void theByteBoundAlsoLimitsTheQueue() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0, b -> b
        .frameBytesMax(64 * 1024).outboundQueueBytesMax(64 * 1024))) {
      a.transport.addPeer("nobody", new java.net.InetSocketAddress("127.0.0.1", 1));
      ByteString payload = ByteString.copyFrom(new byte[1000]);
      int accepted = 0;
      for (int i = 0; i < 1_000; i++) {
        if (a.transport.send("nobody", Envelopes.ping(1, 0, payload))) { // all the same size
          accepted++;
        }
      }
      int messageBytes = Envelopes.ping(1, 0, payload).getSerializedSize();
      assertThat(accepted).isEqualTo(64 * 1024 / messageBytes);
      assertThat(a.count("tally.transport.drops", "peer", "nobody", "reason", "queue_full"))
          .isEqualTo(1_000 - accepted);
    }
  }
}
