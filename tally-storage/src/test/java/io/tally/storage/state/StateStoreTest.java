package io.tally.storage.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.storage.state.StateStore.Family;
import io.tally.storage.state.StateStore.Write;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applied index atomic with the data, never applying twice, ordered scans, sessions and chunk references. */
class StateStoreTest {

    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] l(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Test
    void aRestartResumesAtTheAppliedIndexWithItsData() throws Exception {
        try (StateStore s = StateStore.open(dir, false, true)) {
            assertThat(s.appliedIndex()).isZero();
            for (long i = 1; i <= 100; i++) {
                s.apply(i, List.of(Write.put(Family.DATA, b("counter/a"), l(i)), Write.put(Family.SESSIONS, l(7), l(i))));
            }
        }
        try (StateStore s = StateStore.open(dir, false, true)) {
            assertThat(s.appliedIndex()).isEqualTo(100);
            assertThat(s.get(Family.DATA, b("counter/a"))).hasValueSatisfying(v -> assertThat(ByteBuffer.wrap(v).getLong()).isEqualTo(100));
            assertThat(s.get(Family.SESSIONS, l(7))).isPresent();
        }
    }

    @Test
    void anEntryAtOrBelowTheAppliedIndexIsRefused() throws Exception {
        try (StateStore s = StateStore.open(dir, false, false)) {
            s.apply(1, List.of(Write.put(Family.DATA, b("k"), b("v"))));
            s.apply(2, List.of());
            assertThatThrownBy(() -> s.apply(2, List.of(Write.put(Family.DATA, b("k"), b("again")))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already applied (applied index 2)");
            assertThat(s.get(Family.DATA, b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v")));
        }
    }

    @Test
    void aPrefixScanReturnsKeysInOrderUpToTheLimit() throws Exception {
        try (StateStore s = StateStore.open(dir, false, false)) {
            s.apply(1, List.of(Write.put(Family.DATA, b("kv/b"), b("2")), Write.put(Family.DATA, b("kv/a"), b("1")),
                    Write.put(Family.DATA, b("kv/c"), b("3")), Write.put(Family.DATA, b("kw/x"), b("x")), Write.put(Family.DATA, b("kv"), b("0"))));
            s.apply(2, List.of(Write.delete(Family.DATA, b("kv/c"))));
            assertThat(s.scan(Family.DATA, b("kv/"), 10)).extracting(kv -> new String(kv.key(), StandardCharsets.UTF_8))
                    .containsExactly("kv/a", "kv/b");
            assertThat(s.scan(Family.DATA, b("k"), 2)).hasSize(2);
        }
    }

    @Test
    void aScanFromAKeySeeksToItAndNeverReadsTheKeysBefore() throws Exception {
        try (StateStore s = StateStore.open(dir, false, false)) {
            List<Write> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                writes.add(Write.put(Family.DATA, b(String.format(java.util.Locale.ROOT, "kv/%05d", i)), b("v" + i)));
            }
            writes.add(Write.put(Family.DATA, b("kw/after"), b("x")));
            s.apply(1, writes);

            long before = s.scanKeysRead();
            List<StateStore.KeyValue> page = s.scan(Family.DATA, b("kv/"), b("kv/04000"), 10);
            assertThat(page).extracting(kv -> new String(kv.key(), StandardCharsets.UTF_8))
                    .containsExactly("kv/04000", "kv/04001", "kv/04002", "kv/04003", "kv/04004",
                            "kv/04005", "kv/04006", "kv/04007", "kv/04008", "kv/04009");
            assertThat(s.scanKeysRead() - before).as("keys looked at for a 10-key page 4,000 keys in").isEqualTo(10);

            before = s.scanKeysRead();
            assertThat(s.scan(Family.DATA, b("kv/"), b("kv/04995"), 10)).hasSize(5);
            assertThat(s.scanKeysRead() - before).as("the last page stops at the first key outside the prefix").isEqualTo(6);

            assertThat(s.scan(Family.DATA, b("kv/"), b("kv/9"), 10)).as("a start after every key of the prefix").isEmpty();
            assertThat(s.scan(Family.DATA, b("kv/"), b("a"), 2)).as("a start before the prefix starts at the prefix")
                    .extracting(kv -> new String(kv.key(), StandardCharsets.UTF_8)).containsExactly("kv/00000", "kv/00001");
            assertThat(s.scan(Family.DATA, b("kv/"), null, 0)).isEmpty();
        }
    }

    @Test
    void referencedChunksComeFromTheChunkRefsFamily() throws Exception {
        String a = "a".repeat(64);
        String c = "c".repeat(64);
        try (StateStore s = StateStore.open(dir, false, false)) {
            s.apply(1, List.of(Write.put(Family.CHUNK_REFS, b(a + "/file1"), new byte[0]), Write.put(Family.CHUNK_REFS, b(a + "/file2"), new byte[0]),
                    Write.put(Family.CHUNK_REFS, b(c + "/file1"), new byte[0])));
            s.apply(2, List.of(Write.delete(Family.CHUNK_REFS, b(c + "/file1"))));
            assertThat(s.referencedChunks()).containsExactly(a);
        }
    }
}
