package io.tally.raft;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.AppendEntriesResponse;
import io.tally.raft.message.Heartbeat;
import io.tally.raft.message.HeartbeatResponse;
import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.InstallSnapshotResponse;
import io.tally.raft.message.TimeoutNow;
import io.tally.raft.quorum.Backtrack;
import io.tally.raft.quorum.Quorum;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Leader-side replication of one {@link RaftNode}: batched and pipelined AppendEntries per follower (bounded by the
 * in-flight window), probe/replicate/snapshot states, fast backtracking, snapshot chunks, heartbeats, check-quorum
 * and the leadership-transfer handshake. Single-threaded, called only by its node.
 */
final class Replication {
    private static final int HEARTBEAT_ROUNDS_KEPT = 1024;
    private final RaftNode node;

    Replication(RaftNode node) {
        this.node = node;
    }

    void tickLeader(LeaderState ls) {
        node.heartbeatElapsedTicks++;
        node.electionElapsedTicks++;
        if (ls.transferTarget != null && ++ls.transferElapsedTicks >= node.cfg.electionTimeoutTicks()) {
            ls.transferTarget = null; // transfer timed out: accept proposals again
        }
        if (node.electionElapsedTicks >= node.cfg.electionTimeoutTicks()) {
            node.electionElapsedTicks = 0;
            if (node.cfg.checkQuorum()) {
                boolean quorum = Quorum.isQuorum(node.log.config(), peer -> peer.equals(node.id)
                        || (ls.progress.containsKey(peer) && ls.progress.get(peer).recentActive));
                for (Map.Entry<String, Progress> e : ls.progress.entrySet()) {
                    e.getValue().recentActive = false;
                }
                if (!quorum) {
                    node.becomeFollower(node.term, null);
                    return;
                }
            }
        }
        if (node.heartbeatElapsedTicks >= node.cfg.heartbeatTicks()) {
            node.heartbeatElapsedTicks = 0;
            broadcastHeartbeat(ls);
        }
    }

    /** Sends appends to every follower that is not paused (pipelining while the window allows). */
    void broadcastAppend(LeaderState ls, boolean sendIfEmpty) {
        for (Map.Entry<String, Progress> e : ls.progress.entrySet()) {
            if (e.getKey().equals(node.id)) {
                continue;
            }
            Progress pr = e.getValue();
            boolean sent = sendAppend(ls, e.getKey(), pr, sendIfEmpty);
            while (sent && pr.state == Progress.State.REPLICATE && pr.next <= node.log.lastIndex()) {
                sent = sendAppend(ls, e.getKey(), pr, false);
            }
        }
    }

    /** Sends one AppendEntries (or a snapshot chunk) to {@code to} unless paused; true if something was sent. */
    boolean sendAppend(LeaderState ls, String to, Progress pr, boolean sendIfEmpty) {
        if (pr.isPaused()) {
            return false;
        }
        RaftLog log = node.log;
        long prev = pr.next - 1;
        long prevTerm = log.term(prev);
        if (prevTerm < 0) {
            pr.becomeSnapshot(log.snapshotIndex());
            sendSnapshotChunk(to, pr);
            return true;
        }
        List<Entry> entries = log.slice(pr.next, node.cfg.maxMessageBytes(), Integer.MAX_VALUE);
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        node.send(new AppendEntries(node.id, to, node.term, prev, prevTerm, entries, log.committed()));
        pr.sentCommit = Math.max(pr.sentCommit, Math.min(log.committed(), prev + entries.size()));
        if (!entries.isEmpty()) {
            long last = entries.get(entries.size() - 1).index();
            if (pr.state == Progress.State.REPLICATE) {
                long bytes = 0;
                for (Entry e : entries) {
                    bytes += e.sizeBytes();
                }
                pr.next = last + 1;
                pr.inflights.add(last, bytes);
            } else {
                pr.probeSent = true;
            }
        } else if (pr.state == Progress.State.PROBE) {
            pr.probeSent = true;
        }
        return true;
    }

    private void sendSnapshotChunk(String to, Progress pr) {
        Snapshot s = node.log.snapshot();
        if (pr.snapshotIndex != s.index()) {
            pr.becomeSnapshot(s.index()); // compacted again meanwhile: send the newer snapshot from the start
        }
        byte[] data = s.data();
        int offset = (int) Math.min(pr.snapshotOffset, data.length);
        int len = Math.min(node.cfg.snapshotChunkBytes(), data.length - offset);
        byte[] chunk = Arrays.copyOfRange(data, offset, offset + len);
        node.send(new InstallSnapshot(node.id, to, node.term, s.metadata(), offset, chunk, offset + len == data.length));
    }

    void onAppendResponse(LeaderState ls, AppendEntriesResponse r) {
        Progress pr = ls.progress.get(r.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        RaftLog log = node.log;
        if (!r.success()) {
            long rejected = r.matchIndex();
            boolean stale = switch (pr.state) {
                case REPLICATE -> rejected <= pr.match;
                case PROBE -> rejected != pr.next - 1;
                case SNAPSHOT -> true;
            };
            if (stale) {
                return;
            }
            long next = Backtrack.nextIndexAfterReject(rejected, r.conflictIndex(), r.conflictTerm(), pr.match,
                    log.snapshotIndex(), log.lastIndex(), log::term);
            pr.becomeProbe();
            pr.next = next;
            sendAppend(ls, r.from(), pr, true);
            return;
        }
        boolean updated = pr.maybeUpdate(r.matchIndex());
        if (updated || (pr.state == Progress.State.PROBE && pr.match == r.matchIndex())) {
            switch (pr.state) {
                case PROBE -> pr.becomeReplicate();
                case SNAPSHOT -> {
                    if (pr.match >= pr.snapshotIndex) {
                        pr.becomeProbe();
                    }
                }
                case REPLICATE -> pr.inflights.freeUpTo(pr.match);
            }
            if (node.maybeCommit(ls)) {
                if (!(node.role instanceof LeaderState)) {
                    return;
                }
                broadcastAppend(ls, true);
            }
            boolean sent = true;
            while (sent && pr.next <= log.lastIndex()) {
                sent = sendAppend(ls, r.from(), pr, false);
            }
            if (pr.sentCommit < Math.min(log.committed(), pr.match)) {
                sendAppend(ls, r.from(), pr, true); // tell it the commit index now rather than at the next heartbeat
            }
            maybeSendTimeoutNow(ls, r.from());
        }
    }

    void onHeartbeatResponse(LeaderState ls, HeartbeatResponse r) {
        Progress pr = ls.progress.get(r.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        pr.ackedHeartbeatSeq = Math.max(pr.ackedHeartbeatSeq, r.sequence());
        long previousMatch = pr.matchAtLastHeartbeatAck;
        pr.matchAtLastHeartbeatAck = pr.match;
        switch (pr.state) {
            case SNAPSHOT -> sendSnapshotChunk(r.from(), pr); // resend the chunk in case it was lost
            case PROBE -> {
                // Probe again even with nothing new to send while the follower is not known to be caught up:
                // if every earlier probe was lost (e.g. to a new learner), no later write may ever come to carry one.
                pr.probeSent = false;
                sendAppend(ls, r.from(), pr, pr.match < node.log.lastIndex());
            }
            case REPLICATE -> {
                // No acknowledgement progress over a whole heartbeat round while behind: an append was probably
                // lost. Fall back to probing from the match index (etcd relies on a later append; we do not wait).
                if (pr.match < node.log.lastIndex() && pr.match == previousMatch) {
                    pr.becomeProbe();
                    sendAppend(ls, r.from(), pr, false);
                }
            }
        }
        node.reads.onHeartbeatAck(ls);
    }

    void onSnapshotResponse(LeaderState ls, InstallSnapshotResponse r) {
        Progress pr = ls.progress.get(r.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        if (r.done()) {
            pr.maybeUpdate(r.snapshotIndex());
            if (pr.state == Progress.State.SNAPSHOT) {
                pr.becomeProbe();
            }
            sendAppend(ls, r.from(), pr, false);
            maybeSendTimeoutNow(ls, r.from());
            return;
        }
        if (pr.state != Progress.State.SNAPSHOT || r.snapshotIndex() != pr.snapshotIndex) {
            return;
        }
        pr.snapshotOffset = r.nextOffset();
        sendSnapshotChunk(r.from(), pr);
    }

    void broadcastHeartbeat(LeaderState ls) {
        ls.readHeartbeatNeeded = false;
        long seq = ++ls.heartbeatSeq;
        ls.heartbeatSentTick.put(seq, node.ticks);
        while (ls.heartbeatSentTick.size() > HEARTBEAT_ROUNDS_KEPT) {
            ls.heartbeatSentTick.pollFirstEntry();
        }
        long committed = node.log.committed();
        for (Map.Entry<String, Progress> e : ls.progress.entrySet()) {
            if (!e.getKey().equals(node.id)) {
                Progress pr = e.getValue();
                pr.sentCommit = Math.max(pr.sentCommit, Math.min(pr.match, committed));
                node.send(new Heartbeat(node.id, e.getKey(), node.term, Math.min(pr.match, committed), seq));
            }
        }
    }

    void maybeSendTimeoutNow(LeaderState ls, String peer) {
        if (peer.equals(ls.transferTarget) && !ls.timeoutNowSent
                && ls.progress.get(peer).match == node.log.lastIndex()) {
            ls.timeoutNowSent = true;
            ls.leaseRevoked = true; // the target may win at any time from now on: no more lease reads
            node.send(new TimeoutNow(node.id, peer, node.term));
        }
    }
}
