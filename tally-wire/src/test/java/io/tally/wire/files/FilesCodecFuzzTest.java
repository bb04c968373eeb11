package io.tally.wire.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tally.wire.gossip.Decoded;

/**
 * Jazzer fuzz test of the file-chunk message decoder (bytes from the network). By default (CI) it runs as a
 * regression test on an empty corpus; with {@code JAZZER_FUZZ=1} it fuzzes. No exception may come out, and whatever
 * decodes re-encodes to bytes that decode to an equal message.
 */
class FilesCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void filesMessageDecoder(byte[] input) {
        Decoded<ChunkMessage> d = FilesCodec.decode(input);
        if (d instanceof Decoded.Ok<ChunkMessage> ok) {
            byte[] again = FilesCodec.encode(ok.value()).getFiles().toByteArray();
            Decoded<ChunkMessage> d2 = FilesCodec.decode(again);
            assertThat(d2).isInstanceOf(Decoded.Ok.class);
            assertThat(((Decoded.Ok<ChunkMessage>) d2).value()).usingRecursiveComparison().isEqualTo(ok.value());
        }
    }
}
