package io.tally.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.HardState;
import io.tally.storage.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard layout opens, persists and reopens all three stores. */
class NodeStorageTest {

    @TempDir
    Path dir;

    @Test
    void aReopenedNodeFindsItsLogStateAndChunks() throws Exception {
        String chunk;
        try (NodeStorage s = NodeStorage.open(dir, true)) {
            s.raft().append(List.of(new Entry(1, 1, EntryType.NORMAL, 0, 0, 5, new byte[] {1})));
            s.raft().saveHardState(new HardState(1, "n1", 1));
            s.raft().sync();
            s.state().apply(1, List.of(StateStore.Write.put(StateStore.Family.DATA, new byte[] {1}, new byte[] {2})));
            chunk = s.chunks().put(new byte[] {7, 7});
        }
        assertThat(Files.isDirectory(dir.resolve("raft/wal"))).isTrue();
        assertThat(Files.isDirectory(dir.resolve("state"))).isTrue();
        try (NodeStorage s = NodeStorage.open(dir, true)) {
            assertThat(s.raft().recover().entries()).hasSize(1);
            assertThat(s.raft().recover().hardState().votedFor()).isEqualTo("n1");
            assertThat(s.state().appliedIndex()).isEqualTo(1);
            assertThat(s.chunks().get(chunk)).isPresent();
        }
    }
}
