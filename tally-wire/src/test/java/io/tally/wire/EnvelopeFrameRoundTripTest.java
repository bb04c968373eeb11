package io.tally.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Member;
import io.tally.wire.proto.Ping;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Any envelope survives encode + decode as a frame; malformed frames are rejected clearly. */
class EnvelopeFrameRoundTripTest {
  private static final int FRAME_BYTES_MAX = WireProtocol.FRAME_BYTES_MAX_DEFAULT;

  @Provide
  Arbitrary<Envelope> envelopes() {
    Arbitrary<ByteString> payloads =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(ByteString::copyFrom);
    Arbitrary<Envelope> pings = Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), payloads)
        .as((id, nanos, payload) -> Envelopes.ping(id, nanos, payload));
    Arbitrary<Envelope> pongs = pings.map(e -> Envelopes.pongFor(e.getPing()));
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<Member> members = Combinators.combine(text, text, text, text, Arbitraries.of(true, false))
        .as((id, peer, http, resp, voter) -> Member.newBuilder().setNodeId(id).setPeerAddress(peer)
            .setHttpAddress(http).setRespAddress(resp).setVoter(voter).build());
    Arbitrary<Envelope> lists = members.list().ofMaxSize(20).map(Envelopes::memberList);
    return Arbitraries.oneOf(pings, pongs, lists, Arbitraries.just(Envelope.getDefaultInstance()));
  }

  @Property
  void anEnvelopeRoundTripsThroughAFrame(@ForAll("envelopes") Envelope envelope) {
    byte[] frame = Frames.encode(envelope, FRAME_BYTES_MAX);
    assertThat(frame).hasSize(WireProtocol.FRAME_LENGTH_BYTES + envelope.getSerializedSize());
    assertThat(Frames.decodeEnvelope(frame, FRAME_BYTES_MAX)).isEqualTo(envelope);
  }

  @Property
  void aTruncatedFrameIsRejected(@ForAll("envelopes") Envelope envelope,
      @ForAll @IntRange(min = 1, max = 1000) int cut) {
    byte[] frame = Frames.encode(envelope, FRAME_BYTES_MAX);
    byte[] truncated = Arrays.copyOf(frame, Math.max(0, frame.length - cut));
    assertThatThrownBy(() -> Frames.decodeEnvelope(truncated, FRAME_BYTES_MAX))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void arbitraryBytesDecodeOrFailWithAClearIllegalArgument(@ForAll byte[] bytes) {
    try {
      Frames.decodeEnvelope(bytes, 1024);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).containsAnyOf("frame", "Envelope");
    }
  }

  @Example
  void aBodyAboveTheLimitIsRefusedOnBothSides() {
    Envelope big = Envelopes.ping(1, 1, ByteString.copyFrom(new byte[200]));
    assertThatThrownBy(() -> Frames.encode(big, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frameBytesMax 100");
    byte[] frame = Frames.encode(big, FRAME_BYTES_MAX);
    assertThatThrownBy(() -> Frames.decodeEnvelope(frame, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..100");
  }

  @Example
  void aPongEchoesItsPing() {
    Ping ping = Envelopes.ping(5, 6, ByteString.copyFromUtf8("x")).getPing();
    assertThat(Envelopes.pongFor(ping).getPong().getId()).isEqualTo(5);
    assertThat(Envelopes.pongFor(ping).getPong().getSentNanos()).isEqualTo(6);
    assertThat(Envelopes.pongFor(ping).getPong().getPayload()).isEqualTo(ping.getPayload());
  }
}
