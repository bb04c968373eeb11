package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tally.transport.HandshakeRules.Verdict;
import io.tally.wire.Frames;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.Refusal;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, in whatever pieces, the peer pipeline neither throws nor admits a peer
 * without a valid handshake: it waits for more bytes or closes the channel.
 */
class GarbageInputPropertyTest {
  private static final int FRAME_BYTES_MAX = 512;
  private static final Handshake LOCAL = Handshake.newBuilder().setClusterName("c")
      .setNodeId("local").setProtocolVersion(WireProtocol.PROTOCOL_VERSION).build();

  private static EmbeddedChannel acceptor(AtomicInteger admitted) {
    HandshakeHandler.Listener listener = new HandshakeHandler.Listener() {
      @Override
      public Verdict admit(Channel channel, Handshake remote, boolean dialedByUs) {
        admitted.incrementAndGet();
        return Verdict.ACCEPTED;
      }

      @Override
      public void failed(Channel channel, Refusal code, String reason, boolean refusedByPeer) {}
    };
    EmbeddedChannel channel = new EmbeddedChannel();
    PeerPipeline.init(channel.pipeline(), FRAME_BYTES_MAX,
        new HandshakeHandler(false, () -> LOCAL, 1_000, listener,
            ChannelInboundHandlerAdapter::new, () -> null),
        new ErrorHandler("local", new TransportMetrics(new SimpleMeterRegistry(), "local")));
    return channel;
  }

  @Property(tries = 500)
  void arbitraryBytesNeverThrowAndNeverAdmit(@ForAll @Size(max = 2_000) byte[] bytes,
      @ForAll @IntRange(min = 1, max = 64) int chunkBytes) {
    AtomicInteger admitted = new AtomicInteger();
    EmbeddedChannel channel = acceptor(admitted);
    for (int i = 0; i < bytes.length && channel.isOpen(); i += chunkBytes) {
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunkBytes, bytes.length - i)));
    }
    channel.checkException();
    assertThat(admitted.get()).isLessThanOrEqualTo(1);
    if (admitted.get() == 1) {
      // Admission needs a whole first frame within the limit that parses as a valid Handshake.
      long length = java.nio.ByteBuffer.wrap(bytes, 0, 4).getInt() & 0xffffffffL;
      assertThat(length).isLessThanOrEqualTo(FRAME_BYTES_MAX);
      assertThat((long) bytes.length).isGreaterThanOrEqualTo(4 + length);
    }
    channel.finishAndReleaseAll();
  }

  @Property(tries = 200)
  void garbageAfterAValidHandshakeNeverThrows(@ForAll @Size(max = 2_000) byte[] garbage) {
    AtomicInteger admitted = new AtomicInteger();
    EmbeddedChannel channel = acceptor(admitted);
    Handshake remote = Handshake.newBuilder().setClusterName("c").setNodeId("remote")
        .setProtocolVersion(WireProtocol.PROTOCOL_VERSION).build();
    channel.writeInbound(Unpooled.wrappedBuffer(Frames.encode(remote, FRAME_BYTES_MAX)));
    assertThat(admitted.get()).isEqualTo(1);
    channel.writeInbound(Unpooled.wrappedBuffer(garbage));
    channel.checkException();
    channel.finishAndReleaseAll();
  }
}
