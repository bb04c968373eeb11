package io.tally.raft;

import java.util.LinkedHashMap;

/** Follower: the leader it follows (if known), a snapshot being received, reads forwarded to the leader. */
final class FollowerState implements RoleState {
    final String leaderId;
    /** Snapshot chunks received so far, or null. */
    SnapshotReceiver receiver;
    /** Local read request id -> tick when forwarded to the leader (insertion ordered). */
    final LinkedHashMap<Long, Long> forwardedReads = new LinkedHashMap<>();

    FollowerState(String leaderId) {
        this.leaderId = leaderId;
    }

    @Override
    public Role role() {
        return Role.FOLLOWER;
    }
}
