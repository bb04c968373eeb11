package io.tally.raft;

import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * Leader: per-peer {@link Progress} (including its own entry, whose match is its durable last index), the
 * leadership-transfer target, the pending configuration change, heartbeat rounds (for ReadIndex and leases) and
 * reads waiting for confirmation.
 */
final class LeaderState implements RoleState {
    /** Every member (voters, outgoing voters, learners) including this node, sorted by id. */
    final TreeMap<String, Progress> progress = new TreeMap<>();
    String transferTarget;
    int transferElapsedTicks;
    boolean timeoutNowSent;
    /** Set once TimeoutNow was sent: this leadership may end without notice, so leases no longer hold. */
    boolean leaseRevoked;
    /** Index of the latest configuration entry proposed by this leader (or its last index when elected). */
    long pendingConfIndex;
    /** Heartbeat round number; peers echo it. */
    long heartbeatSeq;
    /** Heartbeat round -> tick at which it was sent (bounded; for leases). */
    final TreeMap<Long, Long> heartbeatSentTick = new TreeMap<>();
    /** A read arrived since the last heartbeat round: broadcast one when the Ready is collected. */
    boolean readHeartbeatNeeded;
    /** Reads waiting for a heartbeat round to be acknowledged by a quorum (in round order). */
    final ArrayDeque<Reads.Pending> awaitingAck = new ArrayDeque<>();
    /** Reads waiting until this leader has committed an entry of its own term. */
    final ArrayDeque<Reads.Pending> awaitingCommit = new ArrayDeque<>();

    @Override
    public Role role() {
        return Role.LEADER;
    }
}
