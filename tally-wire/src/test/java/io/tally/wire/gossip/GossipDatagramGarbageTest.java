package io.tally.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message;
import io.tally.wire.proto.SwimAlive;
import io.tally.wire.proto.SwimDatagram;
import io.tally.wire.proto.SwimMessage;
import io.tally.wire.proto.SwimPing;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage datagrams are rejected with a reason that says what was expected, never with an exception. */
class GossipDatagramGarbageTest {

    private static String reason(byte[] bytes) {
        Decoded<List<Message>> r = GossipCodec.decodeDatagram(bytes);
        assertThat(r).isInstanceOf(Decoded.Bad.class);
        return ((Decoded.Bad<List<Message>>) r).reason();
    }

    private static byte[] datagram(SwimDatagram d) {
        byte[] body = d.toByteArray();
        byte[] out = new byte[3 + body.length];
        out[0] = 'T';
        out[1] = 'G';
        out[2] = 1;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    @Test
    void aBadHeaderIsRejected() {
        assertThat(reason(new byte[0])).contains("at least 3 bytes");
        assertThat(reason(new byte[] {'X', 'G', 1, 0})).contains("magic");
        assertThat(reason(new byte[] {'T', 'G', 9})).contains("version 1, got 9");
    }

    @Test
    void anEmptyOrBodilessOrIncompleteMessageIsRejected() {
        assertThat(reason(new byte[] {'T', 'G', 1})).contains("expected 1 to");
        assertThat(reason(datagram(SwimDatagram.newBuilder().addMessages(SwimMessage.getDefaultInstance()).build())))
                .contains("expected a gossip message body");
        assertThat(reason(datagram(SwimDatagram.newBuilder().addMessages(SwimMessage.newBuilder()
                .setPing(SwimPing.newBuilder().setSeq(1).setTargetId("n2"))).build())))
                .contains("ping.from_id must not be empty");
        assertThat(reason(datagram(SwimDatagram.newBuilder().addMessages(SwimMessage.newBuilder()
                .setAlive(SwimAlive.newBuilder().setId("n2").setAddress("127.0.0.1:1").setIncarnation(-1))).build())))
                .contains("below 2^63");
        assertThat(reason(datagram(SwimDatagram.newBuilder().addMessages(SwimMessage.newBuilder()
                .setPing(SwimPing.newBuilder().setSeq(1).setTargetId("x".repeat(300)).setFromId("n1"))).build())))
                .contains("at most 255 bytes");
    }

    @Test
    void tooManyMessagesAreRejected() {
        SwimDatagram.Builder b = SwimDatagram.newBuilder();
        SwimMessage ack = GossipCodec.toProto(new Message.Ack(1, "n"));
        for (int i = 0; i <= GossipCodec.DATAGRAM_MESSAGES_MAX; i++) {
            b.addMessages(ack);
        }
        assertThat(reason(datagram(b.build()))).contains("expected 1 to " + GossipCodec.DATAGRAM_MESSAGES_MAX);
    }

    @Test
    void aPushPullCannotGoInADatagram() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> GossipCodec.packDatagrams(List.of(new Message.PushPull("n1", false, false, List.of())), 1400))
                .withMessageContaining("travels over TCP");
    }

    /**
     * Seeded random bytes, raw and behind a valid header, and valid datagrams with random bytes flipped:
     * the decoder returns a result for each (the fuzz test explores further with Jazzer).
     */
    @Test
    void seededRandomAndMutatedBytesNeverThrow() {
        long seed = Long.getLong("tally.fuzz.seed", 20261121L);
        Random random = new Random(seed);
        byte[] valid = GossipCodec.packDatagrams(List.of(new Message.Ping(7, "n2", "n1"),
                new Message.Alive("n3", 4, "127.0.0.1:7103", new io.tally.gossip.NodeMeta("127.0.0.1:7003", "", true, "0.1")),
                new Message.UserBroadcast("n1", 3, new byte[] {1, 2, 3})), 1400).datagrams().get(0);
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            switch (i % 3) {
                case 0 -> {
                    b = new byte[random.nextInt(200)];
                    random.nextBytes(b);
                }
                case 1 -> {
                    b = new byte[3 + random.nextInt(200)];
                    random.nextBytes(b);
                    b[0] = 'T';
                    b[1] = 'G';
                    b[2] = 1;
                }
                default -> {
                    b = valid.clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        b[3 + random.nextInt(b.length - 3)] = (byte) random.nextInt(256);
                    }
                }
            }
            if (GossipCodec.decodeDatagram(b) instanceof Decoded.Ok<?>) {
                ok++;
            }
        }
        // Some mutated datagrams stay valid (a flipped byte inside a string); most random ones do not.
        assertThat(ok).as("seed %d", seed).isLessThan(20_000);
    }
}
