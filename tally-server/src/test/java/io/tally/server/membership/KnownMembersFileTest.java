package io.tally.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.server.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The known-members file round-trips, and a missing or corrupt one means no known members. */
class KnownMembersFileTest {

    @TempDir
    Path dir;

    @Test
    void whatIsWrittenIsReadBackAndAMissingOrCorruptFileReadsAsNone() throws Exception {
        KnownMembersFile f = new KnownMembersFile(dir);
        assertThat(f.read()).isEmpty();
        Map<String, HostPort> members = Map.of("n1", new HostPort("127.0.0.1", 7101), "n2", new HostPort("::1", 7102));
        f.write(members);
        assertThat(new KnownMembersFile(dir).read()).isEqualTo(members);
        Files.writeString(dir.resolve(KnownMembersFile.FILE_NAME), "{not json");
        assertThat(new KnownMembersFile(dir).read()).isEmpty();
    }

    @Test
    void anAsynchronousWriteIsOnDiskAfterClose() {
        KnownMembersFile f = new KnownMembersFile(dir);
        f.writeAsync(Map.of("n1", new HostPort("127.0.0.1", 1)));
        f.writeAsync(Map.of("n3", new HostPort("127.0.0.1", 3)));
        f.close();
        assertThat(new KnownMembersFile(dir).read()).containsKey("n3");
    }
}
