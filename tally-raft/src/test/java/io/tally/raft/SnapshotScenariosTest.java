package io.tally.raft;

import static io.tally.raft.Solo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.InstallSnapshotResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction on demand and InstallSnapshot in chunks. */
class SnapshotScenariosTest {

    private static Cluster smallChunks() {
        return Cluster.of(3, id -> RaftConfig.defaults(id).withTimeouts(10, 2).withSnapshotChunkBytes(16));
    }

    private static void compactAll(Cluster c, String... ids) {
        for (String id : ids) {
            RaftNode n = c.node(id);
            n.compact(n.appliedIndex(), c.app(id).snapshot());
            c.process(id);
        }
    }

    @Test
    void compactionDiscardsTheLogAndStorageKeepsOnlyTheSnapshotAndLaterEntries() {
        Cluster c = Cluster.of(3);
        c.elect("n1");
        for (int i = 1; i <= 10; i++) {
            c.propose("n1", "1");
        }
        long applied = c.node("n1").appliedIndex();
        compactAll(c, "n1");
        assertThat(c.node("n1").snapshotIndex()).isEqualTo(applied);
        assertThat(c.disks.get("n1").snapshot().index()).isEqualTo(applied);
        assertThat(c.disks.get("n1").entries()).isEmpty();
        c.propose("n1", "1");
        assertThat(c.disks.get("n1").entries()).extracting(Entry::index).containsExactly(applied + 1);
        c.crash("n1");
        c.restart("n1");
        assertThat(c.app("n1").counter).as("snapshot (10) plus the committed entry after it").isEqualTo(11);
    }

    @Test
    void laggingFollowerReceivesTheSnapshotInChunksThenTheRest() {
        Cluster c = smallChunks();
        c.elect("n1");
        c.isolate("n3");
        for (int i = 1; i <= 20; i++) {
            c.propose("n1", "1");
        }
        compactAll(c, "n1", "n2");
        c.heal();
        c.tickAll(10);
        List<Long> offsets = c.delivered.stream().filter(m -> m instanceof InstallSnapshot)
                .map(m -> ((InstallSnapshot) m).offset()).distinct().toList();
        assertThat(offsets.size()).as("several chunks of 16 bytes").isGreaterThan(3);
        assertThat(c.app("n3").counter).isEqualTo(20);
        assertThat(c.node("n3").snapshotIndex()).isEqualTo(c.node("n1").snapshotIndex());
        c.propose("n1", "1");
        assertThat(c.app("n3").counter).isEqualTo(21);
    }

    @Test
    void snapshotArrivingWhileEntriesAreInFlight() {
        Cluster c = smallChunks();
        c.elect("n1");
        c.isolate("n3");
        for (int i = 1; i <= 10; i++) {
            c.propose("n1", "1");
        }
        compactAll(c, "n1");
        c.heal();
        c.tickAll(2); // heartbeat round: n1 starts sending the snapshot to n3
        // while the snapshot chunks travel, more entries are proposed and replicated to n2
        for (int i = 0; i < 5; i++) {
            c.node("n1").propose(Proposal.of("1".getBytes()));
            c.deliverOnly(m -> !(m instanceof InstallSnapshot) && !(m instanceof InstallSnapshotResponse));
        }
        c.deliverAll();
        c.tickAll(6);
        assertThat(c.app("n3").counter).isEqualTo(15);
        assertThat(c.node("n3").lastIndex()).isEqualTo(c.node("n1").lastIndex());
        c.assertStateMachineSafety();
    }

    @Test
    void followerKeepsEntriesAfterASnapshotThatMatchesItsLog() {
        Solo s = Solo.withLog(1, 1, 1, 1, 1, 1);
        SnapshotMetadata meta = new SnapshotMetadata(3, 1, Configuration.ofVoters("n1", "n2", "n3"));
        List<Ready> rs = s.step(new InstallSnapshot("n2", "n1", 1, meta, 0, new byte[] {1, 2}, true));
        assertThat(rs.get(0).snapshot().index()).isEqualTo(3);
        assertThat(s.node.lastIndex()).isEqualTo(5);
        assertThat(s.node.commitIndex()).isEqualTo(3);
        assertThat(s.disk.entries()).extracting(Entry::index).containsExactly(4L, 5L);
    }

    @Test
    void followerDiscardsItsLogForASnapshotThatConflicts() {
        Solo s = Solo.withLog(2, 1, 1, 1, 1);
        SnapshotMetadata meta = new SnapshotMetadata(3, 2, Configuration.ofVoters("n1", "n2", "n3"));
        s.step(new InstallSnapshot("n2", "n1", 2, meta, 0, new byte[] {9}, true));
        assertThat(s.node.lastIndex()).isEqualTo(3);
        assertThat(s.disk.entries()).isEmpty();
        s.step(new io.tally.raft.message.AppendEntries("n2", "n1", 2, 3, 2, List.of(entry(4, 2, "z")), 4));
        assertThat(s.node.commitIndex()).isEqualTo(4);
    }

    @Test
    void snapshotInstalledWhileAReadyWithCommittedEntriesIsOutstanding() {
        // found by the tally-sim simulator (seeds 32 and 55): a snapshot arrives during a slow sync
        Solo s = Solo.withLog(1, 1, 1, 1);
        s.node.step(new io.tally.raft.message.AppendEntries("n2", "n1", 1, 3, 1, List.of(), 2));
        Ready slow = s.node.ready();
        assertThat(slow.committedEntries()).extracting(Entry::index).containsExactly(1L, 2L);
        SnapshotMetadata meta = new SnapshotMetadata(6, 1, Configuration.ofVoters("n1", "n2", "n3"));
        s.node.step(new InstallSnapshot("n2", "n1", 1, meta, 0, new byte[] {1}, true));
        s.disk.persist(slow);
        s.node.advance(slow);
        List<Ready> next = s.drain();
        assertThat(next.get(0).snapshot().index()).isEqualTo(6);
        assertThat(s.node.appliedIndex()).isEqualTo(6);
        assertThat(Solo.committed(next)).isEmpty();
        assertThat(s.node.compact(2, new byte[0])).as("the application's late compaction is ignored").isFalse();
        assertThat(s.node.snapshotIndex()).isEqualTo(6);
    }

    @Test
    void outOfOrderChunkIsRejectedWithTheExpectedOffset() {
        Solo s = Solo.fresh();
        SnapshotMetadata meta = new SnapshotMetadata(5, 1, Configuration.ofVoters("n1", "n2", "n3"));
        s.step(new InstallSnapshot("n2", "n1", 1, meta, 0, new byte[4], false));
        List<Ready> rs = s.step(new InstallSnapshot("n2", "n1", 1, meta, 8, new byte[4], false));
        assertThat(Solo.sent(rs, InstallSnapshotResponse.class)).singleElement().satisfies(r -> {
            assertThat(r.rejected()).isTrue();
            assertThat(r.nextOffset()).isEqualTo(4);
        });
    }
}
