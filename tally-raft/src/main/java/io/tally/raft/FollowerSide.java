package io.tally.raft;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.AppendEntriesResponse;
import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.InstallSnapshotResponse;
import io.tally.raft.quorum.Backtrack;
import java.util.List;

/**
 * Follower side of log replication for one {@link RaftNode}: the AppendEntries receiver rules of Figure 2 (with fast
 * backtracking hints) and InstallSnapshot chunk assembly. Single-threaded, called only by its node after it has
 * adopted the sender as its leader.
 */
final class FollowerSide {
    private final RaftNode node;

    FollowerSide(RaftNode node) {
        this.node = node;
    }

    void onAppendEntries(AppendEntries m) {
        long prev = m.prevLogIndex();
        long prevTerm = m.prevLogTerm();
        List<Entry> entries = m.entries();
        long committed = node.log.committed();
        if (prev < committed) {
            // Entries up to our commit index match the leader's log (leader completeness): skip them.
            int skip = (int) Math.min(entries.size(), committed - prev);
            entries = entries.subList(skip, entries.size());
            prev = committed;
            prevTerm = node.log.term(committed);
        }
        if (!node.log.matchTerm(prev, prevTerm)) {
            long[] hint = Backtrack.followerHint(prev, node.log.lastIndex(), committed, node.log::term);
            node.send(new AppendEntriesResponse(node.id, m.from(), node.term, false, prev, hint[0], hint[1]));
            return;
        }
        long lastNew = node.log.appendAfter(prev, entries);
        node.log.commitTo(Math.min(m.leaderCommit(), lastNew));
        node.send(new AppendEntriesResponse(node.id, m.from(), node.term, true, lastNew, 0, 0));
    }

    void onInstallSnapshot(InstallSnapshot m) {
        FollowerState f = (FollowerState) node.role;
        SnapshotMetadata meta = m.metadata();
        if (meta.index() <= node.log.committed()) {
            f.receiver = null;
            node.send(new InstallSnapshotResponse(node.id, m.from(), node.term, node.log.committed(), 0, true, false));
            return;
        }
        if (m.offset() == 0) {
            f.receiver = new SnapshotReceiver(meta);
        } else if (f.receiver == null || !f.receiver.metadata.equals(meta)) {
            node.send(new InstallSnapshotResponse(node.id, m.from(), node.term, meta.index(), 0, false, true));
            return;
        }
        if (!f.receiver.accept(m.offset(), m.chunk())) {
            node.send(new InstallSnapshotResponse(node.id, m.from(), node.term, meta.index(), f.receiver.received(), false, true));
            return;
        }
        if (!m.done()) {
            node.send(new InstallSnapshotResponse(node.id, m.from(), node.term, meta.index(), f.receiver.received(), false, false));
            return;
        }
        Snapshot s = f.receiver.complete();
        f.receiver = null;
        node.log.restore(s);
        node.pendingInstall = s;
        node.send(new InstallSnapshotResponse(node.id, m.from(), node.term, meta.index(), s.data().length, true, false));
    }
}
