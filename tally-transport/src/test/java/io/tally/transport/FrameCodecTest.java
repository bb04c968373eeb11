package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.tally.wire.Envelopes;
import io.tally.wire.Frames;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame codec (Netty's length-field codecs + Protobuf codecs) through EmbeddedChannel. */
class FrameCodecTest {
  private static final int FRAME_BYTES_MAX = 4096;

  private static EmbeddedChannel codec() {
    return new EmbeddedChannel(
        PeerPipeline.frameDecoder(FRAME_BYTES_MAX),
        new LengthFieldPrepender(4),
        new ProtobufEncoder(),
        new ProtobufDecoder(Envelope.getDefaultInstance()));
  }

  private static final List<Envelope> SAMPLES = List.of(
      Envelopes.ping(1, 2, ByteString.copyFromUtf8("hello")),
      Envelope.getDefaultInstance(),
      Envelopes.memberList(List.of(Member.newBuilder().setNodeId("n1").setPeerAddress("127.0.0.1:1")
          .setHttpAddress("127.0.0.1:2").setRespAddress("127.0.0.1:3").setVoter(true).build())));

  private static byte[] encodeAll(List<Envelope> envelopes) {
    EmbeddedChannel out = codec();
    for (Envelope e : envelopes) {
      assertThat(out.writeOutbound(e)).isTrue();
    }
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = out.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      all.writeBytes(b);
      b.release();
    }
    byte[] bytes = new byte[all.readableBytes()];
    all.readBytes(bytes);
    all.release();
    return bytes;
  }

  @Test
  void encodedFramesMatchTheWireLayout() {
    byte[] bytes = encodeAll(List.of(SAMPLES.get(0)));
    assertThat(bytes).isEqualTo(Frames.encode(SAMPLES.get(0), FRAME_BYTES_MAX));
  }

  @Test
  void framesSplitAtEveryByteDecodeToTheSameEnvelopes() {
    byte[] bytes = encodeAll(SAMPLES);
    for (int split = 0; split <= bytes.length; split++) {
      EmbeddedChannel in = codec();
      in.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
      in.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      for (Envelope expected : SAMPLES) {
        assertThat((Envelope) in.readInbound()).as("split at %d", split).isEqualTo(expected);
      }
      assertThat((Object) in.readInbound()).isNull();
      in.finishAndReleaseAll();
    }
  }

  @Test
  void framesFedOneByteAtATimeDecode() {
    byte[] bytes = encodeAll(SAMPLES);
    EmbeddedChannel in = codec();
    for (byte b : bytes) {
      in.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    for (Envelope expected : SAMPLES) {
      assertThat((Envelope) in.readInbound()).isEqualTo(expected);
    }
  }

  @Test
  void aLengthAboveTheLimitFailsFastWithoutBufferingTheBody() {
    EmbeddedChannel in = codec();
    ByteBuf header = Unpooled.buffer().writeInt(FRAME_BYTES_MAX + 1);
    assertThatThrownBy(() -> in.writeInbound(header)).isInstanceOf(TooLongFrameException.class);
  }

  @Test
  void aFrameAtTheLimitIsAccepted() {
    Envelope big = Envelopes.ping(1, 0, ByteString.copyFrom(new byte[FRAME_BYTES_MAX - 10]));
    int size = big.getSerializedSize();
    assertThat(size).isLessThanOrEqualTo(FRAME_BYTES_MAX);
    EmbeddedChannel in = codec();
    in.writeInbound(Unpooled.wrappedBuffer(Frames.encode(big, FRAME_BYTES_MAX)));
    assertThat((Envelope) in.readInbound()).isEqualTo(big);
  }
}
