package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileRulesTest {
    private final Harness h = new Harness();

    private static Bytes sha(int seed) {
        byte[] b = new byte[32];
        b[0] = (byte) seed;
        b[31] = (byte) (seed * 7);
        return Bytes.wrap(b);
    }

    private static ChunkRef chunk(int seed, int size) {
        return new ChunkRef(sha(seed), size);
    }

    private static FileManifest file(String name, ChunkRef... chunks) {
        long size = 0;
        for (ChunkRef c : chunks) {
            size += c.sizeBytes();
        }
        return new FileManifest(name, size, "application/octet-stream", sha(100 + chunks.length), List.of(chunks));
    }

    private int refs(ChunkRef c) {
        return Queries.chunkReferences(h.state, c.hex(), 100);
    }

    @Test
    void aPutFileIsReadAndListedWithSizeAndChecksum() {
        FileManifest m = file("docs/a.bin", chunk(1, 10), chunk(2, 5));
        Result.FileWritten w = h.ok(new Command.FilePut("default", m), Result.FileWritten.class);
        assertThat(w.sizeBytes()).isEqualTo(15);
        assertThat(w.sha256()).isEqualTo(m.sha256());
        assertThat(h.run(new Command.FileGet("default", "docs/a.bin"))).isEqualTo(new Result.FileInfo(m, w.version()));
        Result.FileListing l = h.ok(new Command.FileList("default", "docs/", "", 10), Result.FileListing.class);
        assertThat(l.files()).containsExactly(new Result.FileEntry("docs/a.bin", 15, m.sha256(), "application/octet-stream", w.version()));
        assertThat(((Result.Error) h.run(new Command.FileGet("default", "nope"))).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void chunksAreReferencedByEveryFileThatNamesThem() {
        ChunkRef shared = chunk(1, 10);
        h.run(new Command.FilePut("default", file("a", shared, chunk(2, 5))));
        h.run(new Command.FilePut("default", file("b", shared)));
        assertThat(refs(shared)).isEqualTo(2);
        assertThat(refs(chunk(2, 5))).isEqualTo(1);
        h.run(new Command.FileDelete("default", "a"));
        assertThat(refs(shared)).isEqualTo(1);
        assertThat(Queries.chunkReferenced(h.state, chunk(2, 5).hex())).isFalse();
        assertThat(h.ok(new Command.FileDelete("default", "b"), Result.Deleted.class).existed()).isTrue();
        assertThat(h.state.size(Family.CHUNK_REFS)).isZero();
        assertThat(h.ok(new Command.FileDelete("default", "b"), Result.Deleted.class).existed()).isFalse();
    }

    @Test
    void replacingAFileMovesItsReferencesToTheNewChunks() {
        h.run(new Command.FilePut("default", file("a", chunk(1, 10), chunk(2, 10))));
        long v2 = h.ok(new Command.FilePut("default", file("a", chunk(2, 10), chunk(3, 10))), Result.FileWritten.class).version();
        assertThat(refs(chunk(1, 10))).isZero();
        assertThat(refs(chunk(2, 10))).isEqualTo(1);
        assertThat(refs(chunk(3, 10))).isEqualTo(1);
        assertThat(h.ok(new Command.FileGet("default", "a"), Result.FileInfo.class).version()).isEqualTo(v2);
    }

    @Test
    void aChunkRepeatedInOneFileIsOneReference() {
        h.run(new Command.FilePut("default", file("zeros", chunk(9, 4), chunk(9, 4), chunk(9, 4))));
        assertThat(refs(chunk(9, 4))).isEqualTo(1);
        h.run(new Command.FileDelete("default", "zeros"));
        assertThat(refs(chunk(9, 4))).isZero();
    }

    @Test
    void chunkReferenceKeysUseTheStorageLayout() {
        h.run(new Command.FilePut("default", file("x/y", chunk(1, 3))));
        String key = new String(h.state.view(Family.CHUNK_REFS).firstKey(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(key).isEqualTo(chunk(1, 3).hex() + "/default/x/y");
    }

    @Test
    void anInconsistentManifestIsRejected() {
        FileManifest bad = new FileManifest("a", 99, "", sha(1), List.of(chunk(1, 10)));
        ApplyOutput out = h.output(0, 0, new Command.FilePut("default", bad));
        assertThat(((Result.Error) out.result()).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(out.writes()).isEmpty();
    }
}
