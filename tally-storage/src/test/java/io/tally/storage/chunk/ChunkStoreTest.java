package io.tally.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.storage.fs.SimFileSystem;
import io.tally.storage.wal.WalCorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Content addressing, atomic durable writes across crashes, verification on read, and collection. */
class ChunkStoreTest {

    private final SimFileSystem fs = new SimFileSystem(new Random(5));

    @Test
    void aChunkIsStoredOnceUnderItsSha256() throws Exception {
        ChunkStore store = new ChunkStore(fs, "chunks", 1 << 20);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        String id = store.put(data);
        assertThat(id).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(store.put(data)).isEqualTo(id);
        assertThat(store.list()).containsExactly(id);
        assertThat(store.get(id)).hasValueSatisfying(v -> assertThat(v).isEqualTo(data));
    }

    @Test
    void aStoredChunkSurvivesACrashAndAnInterruptedOneLeavesNothingPartial() throws Exception {
        Random rnd = new Random(11);
        for (int round = 0; round < 50; round++) {
            SimFileSystem sim = new SimFileSystem(new Random(round));
            ChunkStore store = new ChunkStore(sim, "chunks", 1 << 20);
            byte[] kept = new byte[1000 + rnd.nextInt(1000)];
            rnd.nextBytes(kept);
            String keptId = store.put(kept);
            // a second write that crashes somewhere in the middle: simulate by writing the temp file only
            byte[] lost = new byte[500];
            rnd.nextBytes(lost);
            try (var h = sim.open("chunks/tmp/partial.tmp", true)) {
                h.append(java.nio.ByteBuffer.wrap(lost));
            }
            sim.crash();
            ChunkStore after = new ChunkStore(sim, "chunks", 1 << 20);
            assertThat(after.get(keptId)).hasValueSatisfying(v -> assertThat(v).isEqualTo(kept));
            assertThat(after.list()).containsExactly(keptId);
            assertThat(sim.list("chunks/tmp")).isEmpty();
        }
    }

    @Test
    void aChunkWhoseBytesChangedIsReportedNotReturned() throws Exception {
        ChunkStore store = new ChunkStore(fs, "chunks", 1 << 20);
        String id = store.put(new byte[100]);
        fs.corrupt("chunks/" + id.substring(0, 2) + "/" + id, 50, new byte[] {1});
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(WalCorruptionException.class).hasMessageContaining("does not match its SHA-256");
    }

    @Test
    void collectionDeletesOnlyUnreferencedChunks() throws Exception {
        ChunkStore store = new ChunkStore(fs, "chunks", 1 << 20);
        String a = store.put(new byte[] {1});
        String b = store.put(new byte[] {2});
        String c = store.put(new byte[] {3});
        assertThat(store.collect(Set.of(a, c))).isEqualTo(1);
        assertThat(store.list()).containsExactlyInAnyOrder(a, c);
        assertThat(store.contains(b)).isFalse();
        fs.crash();
        assertThat(new ChunkStore(fs, "chunks", 1 << 20).list()).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() throws Exception {
        ChunkStore store = new ChunkStore(fs, "chunks", 10);
        assertThatThrownBy(() -> store.put(new byte[11])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum of 10");
        assertThatThrownBy(() -> store.get("../etc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 lowercase hex");
    }
}
