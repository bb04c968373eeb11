package io.tally.raft;

/** Outcome of {@link RaftNode#propose}. Accepted does not mean committed: watch committed entries for the index. */
public sealed interface ProposeResult {
    /** Appended to the leader's log at {@code index} in {@code term}. */
    record Accepted(long index, long term) implements ProposeResult {
    }

    /** This node is not the leader; {@code leaderHint} is the known leader or null. */
    record NotLeader(String leaderHint) implements ProposeResult {
    }

    /** The leader refused: transfer in progress, too many uncommitted entries, change already pending, too large. */
    record Dropped(String reason) implements ProposeResult {
    }
}
