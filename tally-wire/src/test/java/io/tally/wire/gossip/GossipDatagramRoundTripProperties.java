package io.tally.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message;
import io.tally.wire.proto.SwimMessage;
import io.tally.wire.proto.SwimPushPull;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips of the gossip codec: what is packed decodes to the same messages, in order, within the size. */
class GossipDatagramRoundTripProperties {

    @Provide
    Arbitrary<List<Message>> messageLists() {
        return GossipArbitraries.datagramMessages().list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<Message.PushPull> pushPulls() {
        return GossipArbitraries.pushPulls();
    }

    /** Byte arrays compare by reference in records, so messages are compared in their Protobuf form. */
    private static List<SwimMessage> wire(List<Message> messages) {
        return messages.stream().map(GossipCodec::toProto).toList();
    }

    @Property(tries = 300)
    void packedDatagramsStayWithinTheSizeAndDecodeToTheSameMessagesInOrder(
            @ForAll("messageLists") List<Message> messages, @ForAll @IntRange(min = 400, max = 1400) int bytesMax) {
        Packed packed = GossipCodec.packDatagrams(messages, bytesMax);
        List<Message> decoded = new ArrayList<>();
        for (byte[] d : packed.datagrams()) {
            assertThat(d.length).isLessThanOrEqualTo(bytesMax);
            Decoded<List<Message>> r = GossipCodec.decodeDatagram(d);
            assertThat(r).isInstanceOf(Decoded.Ok.class);
            decoded.addAll(((Decoded.Ok<List<Message>>) r).value());
        }
        List<Message> expected = new ArrayList<>(messages);
        expected.removeAll(packed.tooLarge());
        assertThat(wire(decoded)).isEqualTo(wire(expected));
        for (Message m : packed.tooLarge()) {
            assertThat(GossipCodec.toProto(m).getSerializedSize()).isGreaterThan(bytesMax - GossipCodec.HEADER_BYTES - 4);
        }
    }

    @Property(tries = 200)
    void encodeDatagramRefusesAnythingAboveTheSize(@ForAll("messageLists") List<Message> messages,
            @ForAll @IntRange(min = 64, max = 1400) int bytesMax) {
        byte[] unbounded = GossipCodec.encodeDatagram(messages.subList(0, Math.min(messages.size(), 1)), 1 << 20);
        if (unbounded.length <= bytesMax) {
            assertThat(GossipCodec.encodeDatagram(messages.subList(0, 1), bytesMax)).isEqualTo(unbounded);
        } else {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .isThrownBy(() -> GossipCodec.encodeDatagram(messages.subList(0, 1), bytesMax))
                    .withMessageContaining("exceeds datagramBytesMax " + bytesMax);
        }
    }

    @Property(tries = 100)
    void everyPrefixOfADatagramDecodesWithoutThrowingAndNeverToMessagesThatWereNotSent(
            @ForAll("messageLists") @Size(max = 8) List<Message> messages) {
        byte[] d = GossipCodec.packDatagrams(messages, 1400).datagrams().get(0);
        List<SwimMessage> sent = wire(((Decoded.Ok<List<Message>>) GossipCodec.decodeDatagram(d)).value());
        for (int cut = 0; cut < d.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(d, cut);
            Decoded<List<Message>> r = GossipCodec.decodeDatagram(prefix);
            if (r instanceof Decoded.Ok<List<Message>> ok) {
                // A cut exactly between two messages is a valid, shorter datagram: a prefix of what was sent.
                List<SwimMessage> got = wire(ok.value());
                assertThat(got.size()).isLessThan(sent.size());
                assertThat(got).isEqualTo(sent.subList(0, got.size()));
            }
        }
    }

    @Property(tries = 2_000)
    void randomBytesWithOrWithoutAValidHeaderAreRejectedOrDecodedNeverThrown(@ForAll byte[] bytes,
            @ForAll boolean withHeader) {
        byte[] input = bytes;
        if (withHeader) {
            input = new byte[bytes.length + GossipCodec.HEADER_BYTES];
            input[0] = GossipCodec.MAGIC_0;
            input[1] = GossipCodec.MAGIC_1;
            input[2] = GossipCodec.VERSION;
            System.arraycopy(bytes, 0, input, GossipCodec.HEADER_BYTES, bytes.length);
        }
        Decoded<List<Message>> r = GossipCodec.decodeDatagram(input);
        if (r instanceof Decoded.Ok<List<Message>> ok) {
            assertThat(ok.value()).isNotEmpty().hasSizeLessThanOrEqualTo(GossipCodec.DATAGRAM_MESSAGES_MAX);
        } else {
            assertThat(((Decoded.Bad<List<Message>>) r).reason()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void pushPullRoundTripsThroughItsProtobufForm(@ForAll("pushPulls") Message.PushPull pp) throws Exception {
        SwimPushPull wire = SwimPushPull.parseFrom(GossipCodec.toProto(pp).toByteArray());
        Decoded<Message.PushPull> r = GossipCodec.fromProto(wire);
        assertThat(r).isEqualTo(new Decoded.Ok<>(pp));
    }

    @Property(tries = 100)
    void everyPrefixOfAPushPullFrameIsRejectedOrDecodesWithoutThrowing(@ForAll("pushPulls") Message.PushPull pp) {
        byte[] bytes = GossipCodec.toProto(pp).toByteArray();
        for (int cut = 0; cut < bytes.length; cut++) {
            try {
                SwimPushPull partial = SwimPushPull.parseFrom(java.util.Arrays.copyOf(bytes, cut));
                assertThat(GossipCodec.fromProto(partial)).isNotNull();
            } catch (com.google.protobuf.InvalidProtocolBufferException expected) {
                // The transport drops a frame Protobuf cannot parse before the codec sees it.
            }
        }
    }
}
