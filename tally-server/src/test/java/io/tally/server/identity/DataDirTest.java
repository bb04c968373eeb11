package io.tally.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theFirstStartWritesTheIdentityAndARestartReusesIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("n1");
        NodeIdentity first;
        try (DataDir d = DataDir.open(dir, Optional.of("n1"), "tally", true, random)) {
            assertThat(d.created()).isTrue();
            first = d.identity();
            assertThat(first.nodeId()).isEqualTo("n1");
            assertThat(first.clusterName()).isEqualTo("tally");
            assertThat(first.clusterId()).matches("[0-9a-f]{16}");
        }
        assertThat(Files.readString(dir.resolve(DataDir.IDENTITY_FILE))).contains("\"nodeId\" : \"n1\"");
        assertThat(dir.resolve(DataDir.IDENTITY_FILE + ".tmp")).doesNotExist();
        try (DataDir d = DataDir.open(dir, Optional.of("n1"), "tally", true, random)) {
            assertThat(d.created()).isFalse();
            assertThat(d.identity()).isEqualTo(first);
        }
        try (DataDir d = DataDir.open(dir, Optional.empty(), "tally", true, random)) {
            assertThat(d.identity()).isEqualTo(first);
        }
    }

    @Test
    void aFirstStartWithoutIdGeneratesOne(@TempDir Path tmp) {
        try (DataDir d = DataDir.open(tmp, Optional.empty(), "tally", true, random)) {
            assertThat(d.identity().nodeId()).matches("node-[0-9a-f]{8}");
        }
    }

    @Test
    void anIdThatDisagreesWithTheStoredOneIsRefused(@TempDir Path tmp) {
        DataDir.open(tmp, Optional.of("n1"), "tally", true, random).close();
        assertThatThrownBy(() -> DataDir.open(tmp, Optional.of("n2"), "tally", true, random))
            .isInstanceOf(DataDirException.class)
            .hasMessageContaining("belongs to node 'n1', not to --id 'n2'");
        // The refusal released the lock: the right id still opens it.
        DataDir.open(tmp, Optional.of("n1"), "tally", true, random).close();
    }

    @Test
    void aDataDirOfAnotherClusterIsRefused(@TempDir Path tmp) {
        DataDir.open(tmp, Optional.of("n1"), "blue", true, random).close();
        assertThatThrownBy(() -> DataDir.open(tmp, Optional.of("n1"), "green", true, random))
            .isInstanceOf(DataDirException.class)
            .hasMessageContaining("belongs to cluster 'blue'")
            .hasMessageContaining("not to cluster 'green'");
    }

    @Test
    void aLockedDataDirIsRefusedUntilItsHolderCloses(@TempDir Path tmp) {
        try (DataDir held = DataDir.open(tmp, Optional.of("n1"), "tally", true, random)) {
            assertThatThrownBy(() -> DataDir.open(tmp, Optional.of("n1"), "tally", true, random))
                .isInstanceOf(DataDirException.class)
                .hasMessageContaining("is in use by another running node (pid " + ProcessHandle.current().pid() + ")");
            assertThat(held.identity().nodeId()).isEqualTo("n1");
        }
        DataDir.open(tmp, Optional.of("n1"), "tally", true, random).close();
    }

    @Test
    void aCorruptIdentityFileIsRefusedNotOverwritten(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve(DataDir.IDENTITY_FILE), "{\"format\":1,\"nodeId\":\"n1\"");
        assertThatThrownBy(() -> DataDir.open(tmp, Optional.of("n1"), "tally", true, random))
            .isInstanceOf(DataDirException.class)
            .hasMessageContaining("not valid JSON")
            .hasMessageContaining("refusing to start on corrupt state");
        Files.writeString(tmp.resolve(DataDir.IDENTITY_FILE), "{\"format\":7}");
        assertThatThrownBy(() -> DataDir.open(tmp, Optional.of("n1"), "tally", true, random))
            .hasMessageContaining("not a format-1 identity file");
    }

    @Test
    void aFileWhereTheDirShouldBeIsRefused(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> DataDir.open(file, Optional.of("n1"), "tally", true, random))
            .isInstanceOf(DataDirException.class)
            .hasMessageContaining("data dir " + file);
    }

    @Test
    void aJoiningNodeStartsWithoutClusterIdAndStoresTheOneItAdopts(@TempDir Path tmp) {
        try (DataDir d = DataDir.open(tmp, Optional.of("n2"), "tally", false, random)) {
            assertThat(d.identity().clusterId()).isEmpty();
            assertThat(d.adoptClusterId("abc123").clusterId()).isEqualTo("abc123");
            assertThat(d.adoptClusterId("abc123").clusterId()).isEqualTo("abc123");
            assertThatThrownBy(() -> d.adoptClusterId("other"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has cluster id 'abc123'; refusing to replace it with 'other'");
        }
        try (DataDir d = DataDir.open(tmp, Optional.of("n2"), "tally", false, random)) {
            assertThat(d.identity().clusterId()).isEqualTo("abc123");
        }
    }
}
