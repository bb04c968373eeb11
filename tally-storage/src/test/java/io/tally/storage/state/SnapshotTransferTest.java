package io.tally.storage.state;

import static io.tally.storage.state.StateStoreTest.b;
import static io.tally.storage.state.StateStoreTest.l;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.storage.state.StateStore.Family;
import io.tally.storage.state.StateStore.Write;
import io.tally.storage.wal.WalCorruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's checkpoint streamed in chunks to a follower: resumable after a broken transfer and a
 * restart, invisible until complete and verified, installed atomically.
 */
class SnapshotTransferTest {

    @TempDir
    Path tmp;

    private SnapshotArchive.Source leaderSnapshot(int keys) throws Exception {
        try (StateStore leader = StateStore.open(tmp.resolve("leader"), false, true)) {
            for (long i = 1; i <= keys; i++) {
                leader.apply(i, List.of(Write.put(Family.DATA, b("key/" + i), new byte[300]), Write.put(Family.SESSIONS, l(i), l(i))));
            }
            Path cp = tmp.resolve("checkpoint");
            long index = leader.checkpoint(cp);
            assertThat(index).isEqualTo(keys);
            return SnapshotArchive.prepare(cp, index, 3, b("config"));
        }
    }

    @Test
    void aBrokenTransferResumesAfterARestartAndInstallsAtomically() throws Exception {
        SnapshotArchive.Source src = leaderSnapshot(500);
        Path followerDir = tmp.resolve("follower");
        StateStore follower = StateStore.open(followerDir, false, true);
        follower.apply(1, List.of(Write.put(Family.DATA, b("old"), b("x"))));
        int chunkBytes = 4096;
        SnapshotReceiver r = new SnapshotReceiver(follower, 500, 3, true);
        long offset = 0;
        for (int i = 0; i < 5; i++) {
            offset = r.accept(SnapshotReceiver.Chunk.read(src, offset, chunkBytes));
        }
        // half received: nothing visible
        assertThat(follower.appliedIndex()).isEqualTo(1);
        assertThat(follower.get(Family.DATA, b("old"))).isPresent();
        follower.close();

        // the follower restarts; a new receiver resumes where the durable bytes end
        follower = StateStore.open(followerDir, false, true);
        SnapshotReceiver resumed = new SnapshotReceiver(follower, 500, 3, true);
        assertThat(resumed.resumeOffset()).isEqualTo(5L * chunkBytes);
        // a duplicate chunk and a chunk from the future are not taken
        assertThat(resumed.accept(SnapshotReceiver.Chunk.read(src, 0, chunkBytes))).isEqualTo(5L * chunkBytes);
        assertThat(resumed.accept(SnapshotReceiver.Chunk.read(src, 9L * chunkBytes, chunkBytes))).isEqualTo(5L * chunkBytes);
        offset = resumed.resumeOffset();
        while (!resumed.complete()) {
            offset = resumed.accept(SnapshotReceiver.Chunk.read(src, offset, chunkBytes));
        }
        SnapshotArchive.Header h = resumed.install();
        assertThat(h.index()).isEqualTo(500);
        assertThat(h.term()).isEqualTo(3);
        assertThat(h.meta()).isEqualTo(b("config"));
        assertThat(follower.appliedIndex()).isEqualTo(500);
        assertThat(follower.get(Family.DATA, b("old"))).isEmpty();
        assertThat(follower.get(Family.DATA, b("key/250"))).isPresent();
        assertThat(follower.get(Family.SESSIONS, l(499))).isPresent();
        follower.close();
        try (StateStore again = StateStore.open(followerDir, false, true)) {
            assertThat(again.appliedIndex()).isEqualTo(500);
            try (var list = Files.list(followerDir)) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("CURRENT", "db-000002");
            }
        }
    }

    @Test
    void aChunkWithABadChecksumIsRefused() throws Exception {
        SnapshotArchive.Source src = leaderSnapshot(10);
        try (StateStore follower = StateStore.open(tmp.resolve("follower"), false, false)) {
            SnapshotReceiver r = new SnapshotReceiver(follower, 10, 3, false);
            SnapshotReceiver.Chunk c = SnapshotReceiver.Chunk.read(src, 0, 1024);
            SnapshotReceiver.Chunk bad = new SnapshotReceiver.Chunk(0, c.bytes(), c.crc32c() ^ 1, c.last());
            assertThatThrownBy(() -> r.accept(bad)).isInstanceOf(WalCorruptionException.class).hasMessageContaining("chunk CRC32C mismatch");
            assertThat(r.resumeOffset()).isZero();
        }
    }

    @Test
    void anArchiveWhoseDigestDoesNotMatchIsNotInstalledAndTheTransferRestarts() throws Exception {
        SnapshotArchive.Source src = leaderSnapshot(50);
        try (StateStore follower = StateStore.open(tmp.resolve("follower"), false, false)) {
            follower.apply(7, List.of());
            SnapshotReceiver r = new SnapshotReceiver(follower, 50, 3, false);
            byte[] all = src.toBytes();
            all[all.length / 2] ^= 1; // damaged in a way each chunk's own CRC cannot see (computed after)
            r.accept(SnapshotReceiver.Chunk.of(0, all, true));
            assertThatThrownBy(r::install).isInstanceOf(WalCorruptionException.class).hasMessageContaining("SHA-256 mismatch");
            assertThat(follower.appliedIndex()).isEqualTo(7);
            assertThat(new SnapshotReceiver(follower, 50, 3, false).resumeOffset()).isZero();
        }
    }
}
