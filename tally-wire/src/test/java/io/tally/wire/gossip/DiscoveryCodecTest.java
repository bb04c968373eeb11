package io.tally.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.wire.proto.DiscoveryPacket;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Discovery packets round-trip; truncated, foreign and random packets are rejected without exceptions. */
class DiscoveryCodecTest {

    @Test
    void requestsAndAnswersRoundTrip() {
        Decoded<DiscoveryPacket> req = DiscoveryCodec.decode(DiscoveryCodec.request("prod", "n1", 42));
        assertThat(req).isInstanceOf(Decoded.Ok.class);
        DiscoveryPacket p = ((Decoded.Ok<DiscoveryPacket>) req).value();
        assertThat(p.getRequest().getClusterName()).isEqualTo("prod");
        assertThat(p.getRequest().getNonce()).isEqualTo(42);
        DiscoveryPacket a = ((Decoded.Ok<DiscoveryPacket>) DiscoveryCodec.decode(
            DiscoveryCodec.answer("prod", "n2", 42, "10.0.0.2:7101"))).value();
        assertThat(a.getAnswer().getPeerAddress()).isEqualTo("10.0.0.2:7101");
        assertThat(a.getAnswer().getNodeId()).isEqualTo("n2");
    }

    @Test
    void everyTruncationAndSeededRandomBytesAreRejectedOrDecodedWithoutThrowing() {
        byte[] answer = DiscoveryCodec.answer("prod", "n2", 42, "10.0.0.2:7101");
        for (int cut = 0; cut < answer.length; cut++) {
            assertThat(DiscoveryCodec.decode(Arrays.copyOf(answer, cut))).isInstanceOf(Decoded.Bad.class);
        }
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (i % 2 == 0 && b.length >= 3) {
                b[0] = 'T';
                b[1] = 'D';
                b[2] = 1;
            }
            assertThat(DiscoveryCodec.decode(b)).isNotNull();
        }
        assertThat(DiscoveryCodec.decode(new byte[] {'T', 'G', 1, 0})).isInstanceOf(Decoded.Bad.class);
    }
}
