package io.tally.raft;

import io.tally.raft.quorum.Timing;
import java.util.Objects;

/**
 * Tunables of one node. Time inside the core is counted in ticks; the runtime calls {@link RaftNode#tick()} every
 * {@code tickMs} and maps milliseconds with {@link #fromMillis}. Defaults: tick 10 ms, election timeout 200 ms
 * (randomised in [200, 400) ms), heartbeat 50 ms.
 *
 * <p>The election timeout is drawn uniformly from the integers in [electionTimeoutTicks, electionTimeoutMaxTicks]
 * (both inclusive). The 14-argument constructor and {@link #withTimeouts} keep the classic range [base, 2*base), i.e.
 * {@code electionTimeoutMaxTicks = 2*base - 1}; {@link #withElectionTimeoutRange} sets any range, including a fixed
 * timeout (max == min) as in the top graph of Figure 16 of the Raft paper. Immutable; any thread.
 *
 * @param id                     this node's id
 * @param electionTimeoutTicks   base (minimum) election timeout; also the check-quorum, lease and transfer window
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
 * @param electionTimeoutMaxTicks largest randomised election timeout, inclusive (>= electionTimeoutTicks)
 */
public record RaftConfig(String id, int electionTimeoutTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                         ReadMode readMode, int leaseDriftMarginTicks, int maxInflightMessages, long maxInflightBytes,
                         long maxMessageBytes, int maxEntryBytes, int maxUncommittedEntries, int snapshotChunkBytes,
                         int maxPendingReads, int electionTimeoutMaxTicks) {

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
        if (electionTimeoutMaxTicks < electionTimeoutTicks) {
            throw new IllegalArgumentException("expected electionTimeoutMaxTicks >= electionTimeoutTicks, got "
                    + electionTimeoutMaxTicks + " < " + electionTimeoutTicks);
        }
    }

    /** The original 14-argument form: the election timeout is uniform in [base, 2*base). */
    public RaftConfig(String id, int electionTimeoutTicks, int heartbeatTicks, boolean preVote, boolean checkQuorum,
                      ReadMode readMode, int leaseDriftMarginTicks, int maxInflightMessages, long maxInflightBytes,
                      long maxMessageBytes, int maxEntryBytes, int maxUncommittedEntries, int snapshotChunkBytes,
                      int maxPendingReads) {
        this(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, readMode, leaseDriftMarginTicks,
                maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes, maxUncommittedEntries,
                snapshotChunkBytes, maxPendingReads, Timing.classicMaxTicks(electionTimeoutTicks));
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

    /** New base election timeout and heartbeat; the timeout range becomes the classic [base, 2*base). */
    public RaftConfig withTimeouts(int electionTicks, int heartbeatTicksNew) {
        return new RaftConfig(id, electionTicks, heartbeatTicksNew, preVote, checkQuorum, readMode,
                Math.min(leaseDriftMarginTicks, electionTicks - 1), maxInflightMessages, maxInflightBytes,
                maxMessageBytes, maxEntryBytes, maxUncommittedEntries, snapshotChunkBytes, maxPendingReads);
    }

    /**
     * The election timeout drawn uniformly from [minTicks, maxTicks], both inclusive (max == min: a fixed timeout).
     * {@code minTicks} also becomes the base used by check-quorum, leases and leadership transfer.
     */
    public RaftConfig withElectionTimeoutRange(int minTicks, int maxTicks) {
        return new RaftConfig(id, minTicks, heartbeatTicks, preVote, checkQuorum, readMode,
                Math.min(leaseDriftMarginTicks, minTicks - 1), maxInflightMessages, maxInflightBytes,
                maxMessageBytes, maxEntryBytes, maxUncommittedEntries, snapshotChunkBytes, maxPendingReads, maxTicks);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, on, checkQuorum, readMode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads,
                electionTimeoutMaxTicks);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, on, on ? readMode : ReadMode.SAFE,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads,
                electionTimeoutMaxTicks);
    }

    public RaftConfig withReadMode(ReadMode mode) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, mode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads,
                electionTimeoutMaxTicks);
    }

    public RaftConfig withFlowControl(int inflightMessages, long inflightBytes, long messageBytes) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, readMode,
                leaseDriftMarginTicks, inflightMessages, inflightBytes, messageBytes, maxEntryBytes,
                maxUncommittedEntries, snapshotChunkBytes, maxPendingReads,
                electionTimeoutMaxTicks);
    }

    public RaftConfig withSnapshotChunkBytes(int chunkBytes) {
        return new RaftConfig(id, electionTimeoutTicks, heartbeatTicks, preVote, checkQuorum, readMode,
                leaseDriftMarginTicks, maxInflightMessages, maxInflightBytes, maxMessageBytes, maxEntryBytes,
                maxUncommittedEntries, chunkBytes, maxPendingReads,
                electionTimeoutMaxTicks);
    }
}
