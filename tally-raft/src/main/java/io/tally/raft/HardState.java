package io.tally.raft;

/**
 * State that must be durable before messages depending on it leave the node (Raft paper Figure 2, "persistent
 * state"). Term and vote must be synced; the commit index may be written lazily (it is only an optimisation).
 *
 * @param term        latest term this node has seen
 * @param votedFor    candidate voted for in {@code term}, or {@code null}
 * @param commitIndex highest index known committed (may lag behind on disk)
 */
public record HardState(long term, String votedFor, long commitIndex) {
    /** The state of a node that has never run. */
    public static final HardState EMPTY = new HardState(0, null, 0);

    public HardState {
        if (term < 0 || commitIndex < 0) {
            throw new IllegalArgumentException("term and commitIndex must be >= 0, got " + term + ", " + commitIndex);
        }
    }

    /** True if term or vote differ from {@code other}: such a change must be fsynced before sending. */
    public boolean termOrVoteDiffers(HardState other) {
        return other == null || term != other.term || !java.util.Objects.equals(votedFor, other.votedFor);
    }
}
