package io.tally.bench.raft;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.Proposal;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.Ready;
import io.tally.raft.Role;
import io.tally.raft.message.RaftMessage;
import io.tally.raft.storage.RecoveredState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * Three Raft cores wired together in memory and pumped in one thread: persistence is free (the entries are
 * dropped, as if written to an infinitely fast disk), messages are delivered in FIFO order, every node compacts its
 * log regularly so memory stays bounded. Measures the core's own cost per committed entry.
 */
final class ThreeNodePump {
    private static final String[] IDS = {"n1", "n2", "n3"};
    private final RaftNode[] nodes = new RaftNode[3];
    private final ArrayDeque<RaftMessage> network = new ArrayDeque<>();
    private final long compactEvery;
    long appliedEntries;

    ThreeNodePump(int maxInflight, long maxMessageBytes, long compactEvery) {
        this.compactEvery = compactEvery;
        Configuration conf = Configuration.ofVoters(IDS);
        for (int i = 0; i < 3; i++) {
            RaftConfig cfg = RaftConfig.defaults(IDS[i]).withFlowControl(maxInflight, 64L << 20, maxMessageBytes);
            nodes[i] = new RaftNode(cfg, RecoveredState.bootstrap(conf), new Random(i));
        }
        nodes[0].campaign();
        pumpUntilQuiet();
        if (nodes[0].role() != Role.LEADER) {
            throw new IllegalStateException("n1 did not become leader: " + nodes[0]);
        }
    }

    RaftNode leader() {
        return nodes[0];
    }

    /** Proposes the batch on the leader and pumps until the leader has committed all of it. */
    void commit(List<Proposal> batch) {
        nodes[0].proposeAll(batch);
        long target = nodes[0].lastIndex();
        while (nodes[0].commitIndex() < target) {
            pumpOnce();
        }
    }

    void pumpUntilQuiet() {
        do {
            pumpOnce();
        } while (!network.isEmpty() || nodes[0].hasReady() || nodes[1].hasReady() || nodes[2].hasReady());
    }

    private void pumpOnce() {
        for (RaftNode n : nodes) {
            drain(n);
        }
        int n = network.size();
        for (int i = 0; i < n; i++) {
            RaftMessage m = network.pollFirst();
            RaftNode to = nodes[m.to().charAt(1) - '1'];
            to.step(m);
        }
    }

    private void drain(RaftNode n) {
        while (n.hasReady()) {
            Ready r = n.ready();
            network.addAll(r.messages());
            network.addAll(r.messagesAfterPersist());
            List<Entry> committed = r.committedEntries();
            appliedEntries += committed.size();
            n.advance(r);
            if (!committed.isEmpty()) {
                long applied = n.appliedIndex();
                if (applied - n.snapshotIndex() >= compactEvery) {
                    n.compact(applied, new byte[0]);
                }
            }
        }
    }
}
