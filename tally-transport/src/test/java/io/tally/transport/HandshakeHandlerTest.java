package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tally.transport.HandshakeRules.Verdict;
import io.tally.wire.Envelopes;
import io.tally.wire.Frames;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.HandshakeReply;
import io.tally.wire.proto.Refusal;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handshake handler in the real pipeline, through EmbeddedChannel. */
class HandshakeHandlerTest {
  private static final int FRAME_BYTES_MAX = 4096;
  private static final Handshake LOCAL = Handshake.newBuilder().setClusterName("c")
      .setNodeId("local").setProtocolVersion(WireProtocol.PROTOCOL_VERSION).build();

  /** A listener that admits (or refuses) and records. */
  private static final class Recorder implements HandshakeHandler.Listener {
    final List<Handshake> admitted = new ArrayList<>();
    final List<Refusal> failures = new ArrayList<>();
    Verdict verdict = Verdict.ACCEPTED;

    @Override
    public Verdict admit(Channel channel, Handshake remote, boolean dialedByUs) {
      admitted.add(remote);
      return verdict;
    }

    @Override
    public void failed(Channel channel, Refusal code, String reason, boolean refusedByPeer) {
      failures.add(code);
    }
  }

  /** Collects envelopes that reach the end of the pipeline. */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    final List<Envelope> envelopes = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      envelopes.add((Envelope) msg);
    }
  }

  private static EmbeddedChannel channel(boolean dialer, Recorder recorder, Sink sink) {
    EmbeddedChannel channel = new EmbeddedChannel();
    PeerPipeline.init(channel.pipeline(), FRAME_BYTES_MAX,
        new HandshakeHandler(dialer, () -> LOCAL, 1_000, recorder, () -> sink, () -> null),
        new ChannelInboundHandlerAdapter());
    return channel;
  }

  private static Handshake remote(String cluster, int version) {
    return Handshake.newBuilder().setClusterName(cluster).setNodeId("remote")
        .setProtocolVersion(version).build();
  }

  private static HandshakeReply readReply(EmbeddedChannel channel) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      byte[] copy = new byte[b.readableBytes()];
      b.readBytes(copy);
      b.release();
      bytes.write(copy);
    }
    byte[] frame = bytes.toByteArray();
    return HandshakeReply.parseFrom(java.util.Arrays.copyOfRange(frame, 4, frame.length));
  }

  @Test
  void acceptorAdmitsAHandshakeAndFollowingEnvelopesSplitAtEveryByte() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(Frames.encode(remote("c", WireProtocol.PROTOCOL_VERSION), FRAME_BYTES_MAX));
    Envelope e1 = Envelopes.ping(1, 0, ByteString.copyFromUtf8("one"));
    Envelope e2 = Envelopes.ping(2, 0, ByteString.copyFromUtf8("two"));
    stream.write(Frames.encode(e1, FRAME_BYTES_MAX));
    stream.write(Frames.encode(e2, FRAME_BYTES_MAX));
    byte[] bytes = stream.toByteArray();
    for (int split = 0; split <= bytes.length; split++) {
      Recorder recorder = new Recorder();
      Sink sink = new Sink();
      EmbeddedChannel channel = channel(false, recorder, sink);
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      assertThat(recorder.admitted).as("split %d", split).hasSize(1);
      assertThat(sink.envelopes).as("split %d", split).containsExactly(e1, e2);
      HandshakeReply reply = readReply(channel);
      assertThat(reply.getAccepted()).isTrue();
      assertThat(reply.getSelf()).isEqualTo(LOCAL);
      assertThat(channel.pipeline().get(PeerPipeline.HANDSHAKE)).isNull();
      assertThat(channel.isOpen()).isTrue();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void dialerSendsItsHandshakeFirstAndSwitchesOnAcceptedReplySplitAtEveryByte() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    HandshakeReply accepted = HandshakeReply.newBuilder().setAccepted(true)
        .setSelf(remote("c", WireProtocol.PROTOCOL_VERSION)).build();
    stream.write(Frames.encode(accepted, FRAME_BYTES_MAX));
    Envelope e1 = Envelopes.ping(9, 0, ByteString.EMPTY);
    stream.write(Frames.encode(e1, FRAME_BYTES_MAX));
    byte[] bytes = stream.toByteArray();
    for (int split = 0; split <= bytes.length; split++) {
      Recorder recorder = new Recorder();
      Sink sink = new Sink();
      EmbeddedChannel channel = channel(true, recorder, sink);
      ByteBuf sent = channel.readOutbound();
      ByteBuf body = channel.readOutbound();
      assertThat(sent.readInt()).isEqualTo(LOCAL.getSerializedSize());
      assertThat(Handshake.parseFrom(body.nioBuffer())).isEqualTo(LOCAL);
      sent.release();
      body.release();
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      assertThat(recorder.admitted).hasSize(1);
      assertThat(sink.envelopes).containsExactly(e1);
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void wrongProtocolVersionIsRefusedWithAReplyAndClosed() throws Exception {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = channel(false, recorder, new Sink());
    channel.writeInbound(Unpooled.wrappedBuffer(
        Frames.encode(remote("c", WireProtocol.PROTOCOL_VERSION + 1), FRAME_BYTES_MAX)));
    HandshakeReply reply = readReply(channel);
    assertThat(reply.getAccepted()).isFalse();
    assertThat(reply.getRefusal()).isEqualTo(Refusal.REFUSAL_PROTOCOL_VERSION);
    assertThat(recorder.admitted).isEmpty();
    assertThat(recorder.failures).containsExactly(Refusal.REFUSAL_PROTOCOL_VERSION);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aTieBreakRefusalFromTheListenerIsSentAsDuplicate() throws Exception {
    Recorder recorder = new Recorder();
    recorder.verdict = new Verdict(Refusal.REFUSAL_DUPLICATE, "keep the other one");
    EmbeddedChannel channel = channel(false, recorder, new Sink());
    channel.writeInbound(Unpooled.wrappedBuffer(
        Frames.encode(remote("c", WireProtocol.PROTOCOL_VERSION), FRAME_BYTES_MAX)));
    assertThat(readReply(channel).getRefusal()).isEqualTo(Refusal.REFUSAL_DUPLICATE);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void dialerClosesWhenThePeerRefuses() {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = channel(true, recorder, new Sink());
    channel.releaseOutbound();
    HandshakeReply refused = HandshakeReply.newBuilder().setAccepted(false)
        .setRefusal(Refusal.REFUSAL_CLUSTER_NAME).setReason("other cluster").build();
    channel.writeInbound(Unpooled.wrappedBuffer(Frames.encode(refused, FRAME_BYTES_MAX)));
    assertThat(recorder.failures).containsExactly(Refusal.REFUSAL_CLUSTER_NAME);
    assertThat(recorder.admitted).isEmpty();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aFirstFrameThatIsNotAHandshakeIsRefusedAsBad() {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = channel(false, recorder, new Sink());
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 2, (byte) 0xff, (byte) 0xff}));
    assertThat(recorder.failures).containsExactly(Refusal.REFUSAL_BAD_HANDSHAKE);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aSilentConnectionTimesOut() {
    Recorder recorder = new Recorder();
    EmbeddedChannel channel = channel(false, recorder, new Sink());
    channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isTrue();
    channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat(recorder.failures).containsExactly(Refusal.REFUSAL_TIMEOUT);
    assertThat(channel.isOpen()).isFalse();
  }
}
