package io.tally.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.SnapshotMetadata;
import io.tally.raft.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The real WAL under the simulator: what was synced survives a crash, the rest is a prefix, recovery runs. */
class WalDiskTest {
    private static final Configuration CONF = Configuration.ofVoters("n1", "n2", "n3");

    private static Entry entry(long index, long term) {
        return new Entry(index, term, EntryType.NORMAL, 0, 0, 0, new byte[] {(byte) index, 7, 7, 7});
    }

    @Test
    void aFreshDiskRecoversTheInitialConfigurationAndASpareRecoversNone() {
        assertThat(new WalDisk(CONF, 4096, new Random(1)).recover()).isEqualTo(RecoveredState.bootstrap(CONF));
        assertThat(new WalDisk(Configuration.EMPTY, 4096, new Random(1)).recover()).isEqualTo(RecoveredState.empty());
    }

    @Test
    void syncedWritesSurviveACrashAcrossSegmentRolls() {
        WalDisk d = new WalDisk(CONF, 1024, new Random(2));
        List<Entry> all = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            all.add(entry(i, 1 + i / 50));
        }
        d.append(all);
        d.saveHardState(new HardState(4, "n1", 150));
        d.sync();
        String what = d.crash(new Random(3), 1.0);
        RecoveredState r = d.recover();
        assertThat(r.entries()).isEqualTo(all);
        assertThat(r.hardState()).isEqualTo(new HardState(4, "n1", 150));
        assertThat(what).contains("last index 200 (was 200)");
        assertThat(d.live().lastIndex()).isEqualTo(200);
    }

    @Test
    void aCrashKeepsTheSyncedLogPlusAPrefixOfTheUnsyncedOnesAndTheNextWriteFollowsIt() {
        int shorter = 0;
        for (long seed = 0; seed < 40; seed++) {
            WalDisk d = new WalDisk(CONF, 4096, new Random(seed));
            d.append(List.of(entry(1, 1), entry(2, 1)));
            d.sync();
            d.append(List.of(entry(3, 1), entry(4, 1), entry(5, 1)));
            d.crash(new Random(seed), 1.0);
            RecoveredState r = d.recover();
            assertThat(r.entries().size()).isBetween(2, 5);
            for (int i = 0; i < r.entries().size(); i++) {
                assertThat(r.entries().get(i)).isEqualTo(entry(i + 1, 1));
            }
            shorter += r.entries().size() < 5 ? 1 : 0;
            long next = r.entries().size() + 1;
            d.append(List.of(entry(next, 2)));
            d.sync();
            d.crash(new Random(seed), 1.0);
            assertThat(d.recover().entries()).hasSize((int) next).last().isEqualTo(entry(next, 2));
        }
        assertThat(shorter).as("crashes that lost unsynced entries").isPositive();
    }

    @Test
    void truncationAndSnapshotsAreDurableAndMirroredInTheLiveView() {
        WalDisk d = new WalDisk(CONF, 2048, new Random(5));
        for (long i = 1; i <= 30; i++) {
            d.append(List.of(entry(i, 1)));
        }
        d.truncateSuffix(21);
        d.append(List.of(entry(21, 2)));
        Snapshot snap = new Snapshot(new SnapshotMetadata(10, 1, CONF), new byte[] {1, 2, 3});
        d.saveSnapshot(snap);
        d.sync();
        assertThat(d.live().lastIndex()).isEqualTo(21);
        assertThat(d.live().termAt(21)).isEqualTo(2);
        d.crash(new Random(6), 1.0);
        RecoveredState r = d.recover();
        assertThat(r.snapshot().index()).isEqualTo(10);
        assertThat(r.snapshot().data()).containsExactly(1, 2, 3);
        assertThat(r.entries()).extracting(Entry::index).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
                20L, 21L);
        assertThat(r.entries().get(10).term()).isEqualTo(2);
    }
}
