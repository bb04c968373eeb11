package io.tally.raft;

import io.tally.raft.quorum.InflightWindow;

/**
 * The leader's view of one peer (etcd-io/raft's Progress): match and next index, and a replication state:
 * <ul>
 *   <li>PROBE: unsure where the logs match; at most one append in flight until an answer (or a heartbeat reply);</li>
 *   <li>REPLICATE: logs match; appends are pipelined optimistically, bounded by the in-flight window;</li>
 *   <li>SNAPSHOT: the peer needs entries the leader discarded; a snapshot is sent chunk by chunk, no appends.</li>
 * </ul>
 * Owned by {@link LeaderState}; single-threaded.
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    State state = State.PROBE;
    boolean probeSent;
    boolean recentActive;
    long ackedHeartbeatSeq;
    /** Highest commit index sent to this peer (to tell it about a newer commit without waiting for a heartbeat). */
    long sentCommit;
    /** Match index when the previous heartbeat response arrived (detects a stalled pipeline). */
    long matchAtLastHeartbeatAck = -1;
    /** SNAPSHOT state: index of the snapshot being sent and the next byte offset the peer expects. */
    long snapshotIndex;
    long snapshotOffset;
    final InflightWindow inflights;

    Progress(long next, int maxInflight, long maxInflightBytes) {
        this.next = next;
        this.inflights = new InflightWindow(maxInflight, maxInflightBytes);
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.isFull();
            case SNAPSHOT -> true;
        };
    }

    void becomeProbe() {
        if (state == State.SNAPSHOT) {
            next = Math.max(match + 1, snapshotIndex + 1);
        } else {
            next = match + 1;
        }
        state = State.PROBE;
        probeSent = false;
        inflights.reset();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        probeSent = false;
        inflights.reset();
    }

    void becomeSnapshot(long index) {
        state = State.SNAPSHOT;
        snapshotIndex = index;
        snapshotOffset = 0;
        probeSent = false;
        inflights.reset();
    }

    /** Records an acknowledged match; returns true if it moved forward. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (index > match) {
            match = index;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    @Override
    public String toString() {
        return state + "[match=" + match + ", next=" + next + ", inflight=" + inflights.count() + "]";
    }
}
