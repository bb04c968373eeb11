package io.tally.raft;

import java.util.Objects;

/**
 * Tunables of one node. Time inside the core is counted in ticks; the runtime calls {@link RaftNode#tick()} every
 * {@code tickMs} and maps milliseconds with {@link #fromMillis}. Defaults: tick 10 ms, election timeout 200 ms
 * (randomised in [200, 400) ms), heartbeat 50 ms.
 *
 * @param id                     this node's id
 * @param electionTimeoutTicks   base election timeout; the actual one is uniform in [base, 2*base)
 * @param heartbeatTicks         leader heartbeat interval (must be < electionTimeoutTicks)
 * @param preVote                run a pre-vote round before incrementing the term
 * @param checkQuorum            a leader steps down if it has not heard from a quorum in an election timeout;
 *                               followers then also refuse votes while they hear from a leader
 * @param readMode               SAFE (ReadIndex round) or LEASE
 * @param leaseDriftMarginTicks  clock-drift margin subtracted from the lease length
 * @param maxInflightMessages    max AppendEntries in flight per follower (pipelining window)
 * @param maxInflightBytes       max entry bytes in flight per follower
 * @param maxMessageBytes        max entry bytes per AppendEntries (at least one entry is always sent)
 * @param maxEntryBytes          max size of one proposal's data
 * @param maxUncommittedEntries  leader refuses proposals beyond this many uncommitted entries
 * @param snapshotChunkBytes     InstallSnapshot chunk size
 * @param maxPendingReads        max queued read requests on a node
 */
public record RaftConfig(String id, int electionTimeoutTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                         ReadMode readMode, int leaseDriftMarginTicks, int maxInflightMessages, long maxInflightBytes,
                         long maxMessageBytes, int maxEntryBytes, int maxUncommittedEntries, int snapshotChunkBytes,
                         int maxPendingReads) {

    public RaftConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(readMode, "readMode");
        if (heartbeatTicks < 1 || electionTimeoutTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("expected 1 <= heartbeatTicks < electionTimeoutTicks, got "
                    + heartbeatTicks + " and " + electionTimeoutTicks);
        }
        if (leaseDriftMarginTicks < 0 || leaseDriftMarginTicks >= electionTimeoutTicks) {
            throw new IllegalArgumentException("expected 0 <= leaseDriftMarginTicks < electionTimeoutTicks, got "
                    + leaseDriftMarginTicks);
        }
        if (readMode == ReadMode.LEASE && !checkQuorum) {
            throw new IllegalArgumentException("ReadMode.LEASE needs checkQuorum=true (followers must honour the lease)");
        }
        if (maxInflightMessages < 1 || maxInflightBytes < 1 || maxMessageBytes < 1 || maxEntryBytes < 1
                || maxUncommittedEntries < 1 || snapshotChunkBytes < 1 || maxPendingReads < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
    }

    /** Defaults: 10 ms ticks, 200 ms election timeout, 50 ms heartbeat, pre-vote and check-quorum on, SAFE reads. */
    public static RaftConfig defaults(String id) {
        return new RaftConfig(id, 20, 5, true, true, ReadMode.SAFE, 2, 64, 8L << 20, 1L << 20, 1 << 20,
                100_000, 256 << 10, 10_000);
    }

    /** Defaults with timeouts given in milliseconds for a runtime ticking every {@code tickMs}. */
    public static RaftConfig fromMillis(String id, long tickMs, long electionTimeoutMs, long heartbeatMs) {
        if (tickMs < 1) {
            throw new IllegalArgumentException("expected tickMs >= 1, got " + tickMs);
        }
        RaftConfig d = defaults(id);
        return d.withTimeouts((int) Math.max(2, electionTimeoutMs / tickMs), (int) Math.max(1, heartbeatMs / tickMs));
    }

    public RaftConfig withTimeouts(int electionTicks, int heartbeatTicksNew) {
        return new RaftConfig(id, electionTicks, heartbeatTicksNew, preVote, checkQuorum, readMode,
                Math.min(leaseDriftMarginTicks, electionTicks - 1), maxInflightMessages, maxInflightBytes,
                maxMessageBytes, maxEntryBytes, maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, on, checkQuorum, readMode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, on, on ? readMode : ReadMode.SAFE,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    public RaftConfig withReadMode(ReadMode mode) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, mode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    public RaftConfig withFlowControl(int inflightMessages, long inflightBytes, long messageBytes) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, readMode,
                leaseDriftMarginTicks, inflightMessages, inflightBytes, messageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    public RaftConfig withSnapshotChunkBytes(int chunkBytes) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, readMode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, chunkBytes, maxPendingReads);
    }
}
