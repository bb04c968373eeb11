package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import io.tally.wire.proto.Refusal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Oversized frames, garbage bytes and silent connections close that connection only: the
 * transport keeps serving its peers.
 */
class MalformedInputTest {
  private static final int FRAME_BYTES_MAX = 1024;

  private static TestNode node(String id) {
    return new TestNode(id, "127.0.0.1", 0,
        b -> b.frameBytesMax(FRAME_BYTES_MAX).handshakeTimeoutMs(500));
  }

  @Test
  void anOversizedLengthPrefixClosesTheConnectionBeforeReadingTheBody() throws Exception {
    try (TestNode a = node("a"); RawPeer raw = new RawPeer(a.address())) {
      raw.writeRaw(ByteBuffer.allocate(4).putInt(FRAME_BYTES_MAX + 1).array());
      assertThat(raw.closedByPeer()).isTrue();
      assertThat(a.count("tally.transport.connection.errors", "reason", "frame_too_long")).isEqualTo(1);
    }
  }

  @Test
  void anOversizedFrameAfterTheHandshakeClosesTheConnection() throws Exception {
    try (TestNode a = node("a"); RawPeer raw = new RawPeer(a.address())) {
      raw.writeFrame(RawPeer.handshake("raw"));
      assertThat(raw.readReply().getAccepted()).isTrue();
      raw.writeRaw(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
      assertThat(raw.closedByPeer()).isTrue();
      TestNode.await(Duration.ofSeconds(5), "a saw raw go", () -> !a.transport.isConnected("raw"));
    }
  }

  @Test
  void garbageBytesCloseTheConnectionAndOtherPeersAreStillServed() throws Exception {
    try (TestNode a = node("a"); TestNode b = node("b")) {
      Random random = new Random(42);
      for (int i = 0; i < 20; i++) {
        byte[] garbage = new byte[1 + random.nextInt(3000)];
        random.nextBytes(garbage);
        try (RawPeer raw = new RawPeer(a.address())) {
          raw.writeRaw(garbage);
          // Closed at once (bad length or bad Protobuf) or by the handshake timeout (short frame).
          assertThat(raw.closedByPeer()).as("garbage sample %d closed", i).isTrue();
        }
      }
      b.transport.addPeer("a", a.address());
      TestNode.await(Duration.ofSeconds(10), "b connected", () -> b.transport.isConnected("a"));
      for (int i = 0; i < 100; i++) {
        assertThat(b.transport.send("a", Envelopes.ping(i, 0, ByteString.EMPTY))).isTrue();
      }
      TestNode.await(Duration.ofSeconds(10), "a served b", () -> a.receivedFrom("b") == 100);
    }
  }

  @Test
  void garbageEnvelopeAfterTheHandshakeClosesTheConnection() throws Exception {
    try (TestNode a = node("a"); RawPeer raw = new RawPeer(a.address())) {
      raw.writeFrame(RawPeer.handshake("raw"));
      assertThat(raw.readReply().getAccepted()).isTrue();
      raw.writeRaw(new byte[] {0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertThat(raw.closedByPeer()).isTrue();
      assertThat(a.count("tally.transport.connection.errors", "reason", "bad_protobuf")).isEqualTo(1);
    }
  }

  @Test
  void aConnectionThatNeverHandshakesIsClosedByTheTimeout() throws Exception {
    try (TestNode a = node("a"); RawPeer raw = new RawPeer(a.address())) {
      assertThat(raw.closedByPeer()).isTrue();
      assertThat(a.count("tally.transport.handshake.failures", "reason",
          Refusal.REFUSAL_TIMEOUT.name().substring(8).toLowerCase(java.util.Locale.ROOT))).isEqualTo(1);
    }
  }
}
