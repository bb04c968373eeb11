package io.tally.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.SnapshotMetadata;
import io.tally.raft.storage.RecoveredState;
import io.tally.storage.fs.SimFileSystem;
import io.tally.storage.wal.Wal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RaftStorage contract on the WAL: what was synced comes back, snapshots compact, crashes keep a consistent prefix. */
class WalRaftStorageTest {

    private static final Wal.Options SMALL = new Wal.Options(4096, 1 << 16);
    private final SimFileSystem fs = new SimFileSystem(new Random(9));

    private static List<Entry> entries(long from, int n, long term) {
        List<Entry> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new Entry(from + i, term, i % 5 == 0 ? EntryType.NOOP : EntryType.NORMAL, 3, from + i, 1000 + from + i, new byte[] {(byte) i}));
        }
        return l;
    }

    @Test
    void syncedEntriesHardStateAndSnapshotComeBackAfterRestart() throws Exception {
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            assertThat(s.recover().isFresh()).isTrue();
            s.append(entries(1, 50, 1));
            s.saveHardState(new HardState(2, "n2", 40));
            s.truncateSuffix(45);
            s.append(entries(45, 10, 2));
            Snapshot snap = new Snapshot(new SnapshotMetadata(30, 1, Configuration.ofVoters("n1", "n2", "n3")), new byte[] {4, 5, 6});
            s.saveSnapshot(snap);
            s.sync();
        }
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            RecoveredState r = s.recover();
            assertThat(r.hardState()).isEqualTo(new HardState(2, "n2", 40));
            assertThat(r.snapshot().index()).isEqualTo(30);
            assertThat(r.snapshot().metadata().configuration().voters()).containsExactly("n1", "n2", "n3");
            assertThat(r.snapshot().data()).containsExactly(4, 5, 6);
            assertThat(r.entries()).hasSize(24);
            assertThat(r.entries().get(0).index()).isEqualTo(31);
            Entry e45 = r.entries().get(45 - 31);
            assertThat(e45.term()).isEqualTo(2);
            assertThat(e45.clientId()).isEqualTo(3);
            assertThat(e45.logTimeMs()).isEqualTo(1045);
            assertThat(e45.type()).isEqualTo(EntryType.NOOP);
        }
    }

    @Test
    void theBootstrapSnapshotAtIndexZeroKeepsTheInitialMembershipAcrossARestart() throws Exception {
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            assertThat(s.recover().isFresh()).isTrue();
            s.saveSnapshot(Snapshot.bootstrap(Configuration.ofVoters("n1", "n2", "n3")));
            s.sync();
        }
        fs.crash();
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            RecoveredState r = s.recover();
            assertThat(r.snapshot().index()).isZero();
            assertThat(r.snapshot().metadata().configuration().voters()).containsExactly("n1", "n2", "n3");
        }
    }

    @Test
    void aSnapshotWhoseCompactionRecordWasLostIsReconciledAtStart() throws Exception {
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            s.append(entries(1, 20, 1));
            s.sync();
            // the snapshot file is durable as soon as saveSnapshot returns; the crash comes before sync()
            s.saveSnapshot(new Snapshot(new SnapshotMetadata(15, 1, Configuration.ofVoters("n1")), new byte[] {1}));
        }
        fs.crash();
        try (WalRaftStorage s = WalRaftStorage.open(fs, "raft", SMALL)) {
            RecoveredState r = s.recover();
            assertThat(r.snapshot().index()).isEqualTo(15);
            assertThat(r.entries()).extracting(Entry::index).containsExactly(16L, 17L, 18L, 19L, 20L);
        }
    }

    @Test
    void afterRandomCrashesTheRecoveredStateIsAlwaysConsistentAndKeepsWhatWasSynced() throws Exception {
        int seeds = Math.max(60, Integer.getInteger("tally.sim.seeds", 200) / 3);
        for (int seed = 0; seed < seeds; seed++) {
            Random rnd = new Random(seed);
            SimFileSystem sim = new SimFileSystem(new Random(seed + 1000));
            long syncedLast = 0;
            HardState syncedHs = HardState.EMPTY;
            long term = 1;
            long savedHsTerm = 0;
            for (int cycle = 0; cycle < 4; cycle++) {
                try (WalRaftStorage s = WalRaftStorage.open(sim, "raft", SMALL)) {
                    RecoveredState r = s.recover(); // RecoveredState checks contiguity itself
                    long last = r.entries().isEmpty() ? r.snapshot().index() : r.entries().get(r.entries().size() - 1).index();
                    assertThat(last).as("seed %d", seed).isGreaterThanOrEqualTo(syncedLast);
                    assertThat(r.hardState().term()).isGreaterThanOrEqualTo(syncedHs.term());
                    term = Math.max(term, r.hardState().term());
                    savedHsTerm = r.hardState().term();
                    for (int step = 0; step < rnd.nextInt(60); step++) {
                        int op = rnd.nextInt(10);
                        if (op < 6) {
                            s.append(entries(s.lastIndex() + 1, 1 + rnd.nextInt(4), term));
                        } else if (op < 7) {
                            term++;
                            s.saveHardState(new HardState(term, "n" + rnd.nextInt(3), 0));
                            savedHsTerm = term;
                        } else if (op < 8 && s.lastIndex() > s.snapshot().index() + 2) {
                            long at = s.snapshot().index() + 1 + rnd.nextInt((int) (s.lastIndex() - s.snapshot().index() - 1));
                            // a local snapshot: it covers entry `at` with that entry's term, so the suffix stays
                            s.saveSnapshot(new Snapshot(new SnapshotMetadata(at, s.wal().term(at), Configuration.ofVoters("n1")), new byte[0]));
                        } else {
                            s.sync();
                            syncedLast = s.lastIndex();
                            syncedHs = new HardState(savedHsTerm, null, 0);
                        }
                    }
                }
                sim.crash();
            }
        }
    }
}
