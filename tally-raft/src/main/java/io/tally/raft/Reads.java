package io.tally.raft;

import io.tally.raft.message.ReadIndexRequest;
import io.tally.raft.message.ReadIndexResponse;
import io.tally.raft.quorum.Quorum;
import io.tally.raft.quorum.Timing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Linearizable reads without log writes (dissertation §6.4). ReadIndex: the leader records its commit index (once it
 * has committed an entry of its term), confirms it is still leader by a heartbeat round acknowledged by a quorum
 * after the read arrived, then answers with that index. Followers forward to the leader and get the index back.
 * Lease (optional): while a quorum acknowledged a heartbeat sent less than electionTimeout - driftMargin ticks ago,
 * the leader answers at once. Single-threaded, called only by its node.
 */
final class Reads {
    /** A read waiting on the leader; {@code origin} is null for a local read, else the follower to answer. */
    record Pending(long requestId, String origin, long index, long sequence) {
    }

    private final RaftNode node;

    Reads(RaftNode node) {
        this.node = node;
    }

    void read(long requestId) {
        switch (node.role) {
            case LeaderState ls -> leaderRead(ls, requestId, null);
            case FollowerState f -> {
                if (f.leaderId == null || f.forwardedReads.size() >= node.cfg.maxPendingReads()) {
                    node.failedReads.add(requestId);
                } else {
                    f.forwardedReads.put(requestId, node.ticks);
                    node.send(new ReadIndexRequest(node.id, f.leaderId, node.term, requestId));
                }
            }
            case PreCandidateState pc -> node.failedReads.add(requestId);
            case CandidateState c -> node.failedReads.add(requestId);
        }
    }

    void leaderRead(LeaderState ls, long requestId, String origin) {
        RaftLog log = node.log;
        if (ls.awaitingAck.size() + ls.awaitingCommit.size() >= node.cfg.maxPendingReads()) {
            answer(new Pending(requestId, origin, 0, 0), false);
            return;
        }
        if (log.term(log.committed()) != node.term) {
            ls.awaitingCommit.add(new Pending(requestId, origin, 0, 0));
            return;
        }
        if (node.cfg.readMode() == ReadMode.LEASE && leaseValid(ls)) {
            answer(new Pending(requestId, origin, log.committed(), 0), true);
            return;
        }
        ls.awaitingAck.add(new Pending(requestId, origin, log.committed(), ls.heartbeatSeq + 1));
        ls.readHeartbeatNeeded = true;
    }

    /** The leader committed an entry of its term: reads that waited for it may now proceed. */
    void onCommitted(LeaderState ls) {
        if (ls.awaitingCommit.isEmpty() || node.log.term(node.log.committed()) != node.term) {
            return;
        }
        List<Pending> waiting = new ArrayList<>(ls.awaitingCommit);
        ls.awaitingCommit.clear();
        for (Pending p : waiting) {
            leaderRead(ls, p.requestId(), p.origin());
        }
    }

    /** Answers every read whose heartbeat round a quorum acknowledged. */
    void onHeartbeatAck(LeaderState ls) {
        if (ls.awaitingAck.isEmpty()) {
            return;
        }
        long acked = quorumAckedSeq(ls);
        while (!ls.awaitingAck.isEmpty() && ls.awaitingAck.peekFirst().sequence() <= acked) {
            answer(ls.awaitingAck.pollFirst(), true);
        }
    }

    private long quorumAckedSeq(LeaderState ls) {
        return Quorum.quorumIndex(node.log.config(), peer -> {
            if (peer.equals(node.id)) {
                return ls.heartbeatSeq;
            }
            Progress pr = ls.progress.get(peer);
            return pr == null ? 0 : pr.ackedHeartbeatSeq;
        });
    }

    boolean leaseValid(LeaderState ls) {
        if (ls.transferTarget != null || ls.leaseRevoked) {
            return false;
        }
        Long sentTick = ls.heartbeatSentTick.get(quorumAckedSeq(ls));
        return sentTick != null && Timing.leaseValid(node.ticks, sentTick, node.cfg.electionTimeoutTicks(),
                node.cfg.leaseDriftMarginTicks());
    }

    private void answer(Pending p, boolean ok) {
        if (p.origin() == null) {
            if (ok) {
                node.readStates.add(new ReadState(p.requestId(), p.index()));
            } else {
                node.failedReads.add(p.requestId());
            }
        } else {
            node.send(new ReadIndexResponse(node.id, p.origin(), node.term, p.requestId(), p.index(), ok));
        }
    }

    /** Leadership lost: every waiting read fails (followers are told so they can retry). */
    void failAll(LeaderState ls) {
        for (Pending p : ls.awaitingAck) {
            answer(p, false);
        }
        for (Pending p : ls.awaitingCommit) {
            answer(p, false);
        }
        ls.awaitingAck.clear();
        ls.awaitingCommit.clear();
    }

    /** A follower got the leader's answer to a forwarded read. */
    void onResponse(ReadIndexResponse r) {
        if (!(node.role instanceof FollowerState f) || f.forwardedReads.remove(r.requestId()) == null) {
            return;
        }
        if (r.ok()) {
            node.readStates.add(new ReadState(r.requestId(), r.readIndex()));
        } else {
            node.failedReads.add(r.requestId());
        }
    }

    /** Forwarded reads unanswered for an election timeout fail (the request or answer was probably lost). */
    void expireForwarded() {
        if (!(node.role instanceof FollowerState f) || f.forwardedReads.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<Long, Long>> it = f.forwardedReads.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> e = it.next();
            if (node.ticks - e.getValue() < node.cfg.electionTimeoutTicks()) {
                break;
            }
            node.failedReads.add(e.getKey());
            it.remove();
        }
    }
}
