package io.tally.wire.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tally.gossip.Message;
import java.util.List;

/**
 * Jazzer fuzz test of the gossip datagram decoder. By default (CI) it runs its seed corpus under
 * src/test/resources/io/tally/wire/gossip/GossipDatagramFuzzTestInputs as a regression test; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs/gossip.md). No exception may come out, and whatever
 * decodes re-encodes to a datagram that decodes the same.
 */
class GossipDatagramFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void datagramDecoder(byte[] input) {
        Decoded<List<Message>> r = GossipCodec.decodeDatagram(input);
        if (r instanceof Decoded.Ok<List<Message>> ok) {
            byte[] again = GossipCodec.encodeDatagram(ok.value(), Integer.MAX_VALUE);
            Decoded<List<Message>> r2 = GossipCodec.decodeDatagram(again);
            assertThat(r2).isInstanceOf(Decoded.Ok.class);
            assertThat(((Decoded.Ok<List<Message>>) r2).value().stream().map(GossipCodec::toProto).toList())
                    .isEqualTo(ok.value().stream().map(GossipCodec::toProto).toList());
        }
    }
}
