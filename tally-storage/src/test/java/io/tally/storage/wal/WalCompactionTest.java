package io.tally.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.storage.fs.SimFileSystem;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncation of a conflicting suffix, compaction and segment deletion, across restarts. */
class WalCompactionTest {

    private static final Wal.Options SMALL = new Wal.Options(2048, 256);
    private final SimFileSystem fs = new SimFileSystem(new Random(3));

    private Wal fill(int count) throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < count; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.sync();
        return wal;
    }

    @Test
    void segmentsWhollyCoveredByACompactionAreDeletedAndTheLogStillRecovers() throws Exception {
        Wal wal = fill(100);
        int before = fs.list("wal").size();
        assertThat(before).isGreaterThan(4);
        wal.setHardState(new byte[] {9});
        wal.compact(80, 1);
        wal.sync();
        int after = fs.list("wal").size();
        assertThat(after).isLessThan(before);
        assertThat(wal.firstIndex()).isEqualTo(81);
        wal.close();
        Wal again = Wal.open(fs, "wal", SMALL);
        assertThat(again.compactIndex()).isEqualTo(80);
        assertThat(again.lastIndex()).isEqualTo(100);
        assertThat(again.hardState()).contains(new byte[] {9});
        assertThat(again.entries(81, 101, Long.MAX_VALUE)).hasSize(20).first().extracting(WalRecord.Entry::index).isEqualTo(81L);
    }

    @Test
    void aSnapshotInstallOverAConflictingLogDiscardsItAll() throws Exception {
        Wal wal = fill(30);
        wal.compact(50, 7);
        wal.sync();
        assertThat(wal.lastIndex()).isEqualTo(50);
        assertThat(wal.firstIndex()).isEqualTo(51);
        assertThat(fs.list("wal")).hasSize(1);
        wal.append(WalTestSupport.entries(51, 3, 7, 10));
        wal.sync();
        wal.close();
        Wal again = Wal.open(fs, "wal", SMALL);
        assertThat(again.compactTerm()).isEqualTo(7);
        assertThat(again.lastIndex()).isEqualTo(53);
        assertThat(again.term(51)).isEqualTo(7);
    }

    @Test
    void aTruncatedSuffixStaysTruncatedAfterRestart() throws Exception {
        Wal wal = fill(20);
        wal.truncateFrom(15);
        wal.append(WalTestSupport.entries(15, 2, 2, 7));
        wal.sync();
        wal.close();
        Wal again = Wal.open(fs, "wal", SMALL);
        assertThat(again.lastIndex()).isEqualTo(16);
        assertThat(again.term(14)).isEqualTo(1);
        assertThat(again.term(15)).isEqualTo(2);
        assertThat(again.entries(15, 17, Long.MAX_VALUE).get(0).data()).hasSize(7);
    }

    @Test
    void outOfOrderWritesAreRejectedWithWhatWasExpected() throws Exception {
        Wal wal = fill(5);
        assertThatThrownBy(() -> wal.append(WalTestSupport.entries(9, 1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow 5");
        wal.compact(3, 1);
        assertThatThrownBy(() -> wal.truncateFrom(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log is 4..5");
        assertThatThrownBy(() -> wal.compact(2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already compacted to 3");
        assertThatThrownBy(() -> wal.append(WalTestSupport.entries(6, 1, 1, 300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max 256");
    }
}
