package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.raft.RaftConfig;
import io.tally.raft.session.SessionTable;
import io.tally.sim.disk.SimDisk;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each safety rule fires on a hand-made violation (nodes are not started: only their disks are used). */
class SafetyCheckerTest {
    private static final Configuration CONF = Configuration.ofVoters("n1", "n2");
    private final SafetyChecker checker = new SafetyChecker();

    private static SimNode node(int i) {
        SimNode.Environment env = new SimNode.Environment() {
            @Override
            public void send(int fromNode, int toNetIndex, SimMessage message) { }

            @Override
            public int netIndexOf(String nodeId) {
                return 0;
            }

            @Override
            public void entryWritten(SimNode node, Entry entry) { }

            @Override
            public void applied(SimNode node, Entry entry, SessionTable.Outcome outcome, long stateHash) { }

            @Override
            public void snapshotRestored(SimNode node, long index, long stateHash) { }
        };
        return new SimNode(i, RaftConfig.defaults("n" + (i + 1)), new SimDisk(CONF, 100), new Scheduler(10),
                new SimRandom(i), env, 0);
    }

    private static Entry entry(long index, long term, byte b) {
        return new Entry(index, term, EntryType.NORMAL, 0, 0, 0, new byte[] {b});
    }

    private void write(SimNode n, Entry e) {
        n.disk().append(List.of(e));
        checker.entryWritten(n, e);
    }

    @Test
    void sameIndexAndTermWithOtherContentBreaksLogMatching() {
        SimNode a = node(0);
        SimNode b = node(1);
        write(a, entry(1, 1, (byte) 1));
        assertThatThrownBy(() -> write(b, entry(1, 1, (byte) 2))).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("log matching");
    }

    @Test
    void sameIndexAndTermAfterADifferentPredecessorBreaksLogMatching() {
        SimNode a = node(0);
        SimNode b = node(1);
        write(a, entry(1, 1, (byte) 1));
        write(a, entry(2, 3, (byte) 9));
        write(b, entry(1, 2, (byte) 1));
        assertThatThrownBy(() -> write(b, entry(2, 3, (byte) 9))).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("previous term");
    }

    @Test
    void identicalLogsPass() {
        SimNode a = node(0);
        SimNode b = node(1);
        write(a, entry(1, 1, (byte) 1));
        write(b, entry(1, 1, (byte) 1));
        write(a, entry(2, 1, (byte) 2));
        write(b, entry(2, 1, (byte) 2));
        assertThat(checker.maxAppliedIndex()).isZero();
    }

    @Test
    void differentEntriesAppliedAtTheSameIndexBreakStateMachineSafety() {
        SimNode a = node(0);
        SimNode b = node(1);
        checker.applied(a, entry(1, 1, (byte) 1), null, 11);
        assertThatThrownBy(() -> checker.applied(b, entry(1, 2, (byte) 1), null, 11))
                .isInstanceOf(SafetyViolation.class).hasMessageContaining("state machine safety");
    }

    @Test
    void sameEntryButDifferentResultingStateBreaksStateMachineSafety() {
        checker.applied(node(0), entry(1, 1, (byte) 1), null, 11);
        assertThatThrownBy(() -> checker.applied(node(1), entry(1, 1, (byte) 1), null, 12))
                .isInstanceOf(SafetyViolation.class).hasMessageContaining("different state");
    }

    @Test
    void snapshotNotMatchingTheAppliedStateIsCaught() {
        checker.applied(node(0), entry(1, 1, (byte) 1), null, 11);
        assertThatThrownBy(() -> checker.snapshotRestored(node(1), 1, 99)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("snapshot");
    }
}
