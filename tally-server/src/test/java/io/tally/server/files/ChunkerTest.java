package io.tally.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever pieces the bytes arrive in, the chunks are full-size but the last, non-empty, and concatenate to the input. */
class ChunkerTest {

    @Property(tries = 300)
    void chunksConcatenateToTheInputAndAllButTheLastAreFull(@ForAll @IntRange(min = 1, max = 64) int chunkBytes,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 200) Integer> pieces, @ForAll long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        List<byte[]> chunks = new ArrayList<>();
        Chunker c = new Chunker(chunkBytes, chunks::add);
        for (int n : pieces) {
            byte[] p = new byte[n];
            r.nextBytes(p);
            in.writeBytes(p);
            c.add(Unpooled.wrappedBuffer(p));
        }
        c.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] ch = chunks.get(i);
            assertThat(ch.length).isBetween(1, chunkBytes);
            if (i < chunks.size() - 1) {
                assertThat(ch.length).isEqualTo(chunkBytes);
            }
            out.writeBytes(ch);
        }
        assertThat(out.toByteArray()).isEqualTo(in.toByteArray());
        assertThat(c.totalBytes()).isEqualTo(in.size());
        assertThat(chunks).hasSize((in.size() + chunkBytes - 1) / chunkBytes);
    }
}
