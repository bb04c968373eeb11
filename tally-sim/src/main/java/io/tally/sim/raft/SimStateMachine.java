package io.tally.sim.raft;

import io.tally.raft.Entry;
import io.tally.raft.session.SessionTable;

/**
 * The replicated state machine of one simulated node, as the Raft harness ({@link SimNode}) drives it: apply
 * committed entries, report their session outcome, hash and snapshot the state, and translate client
 * operations to log commands and responses back. Implementations: {@link KvStateMachine} (the counter/register
 * of the Raft runs) and the data layer's (see {@code io.tally.sim.data.RaftDataWorkload}). Owned by one node;
 * simulation thread only.
 *
 * @param <I> client operation input
 * @param <O> client operation output
 */
public interface SimStateMachine<I, O> {
    /**
     * What applying one entry produced.
     *
     * @param outcome the session outcome of a normal entry, or null (no-op, configuration, or no session)
     */
    record Applied(long index, SessionTable.Outcome outcome) {
    }

    /**
     * Applies the next committed entry. Entries at or below the applied index are ignored (a restarted node may see
     * them again); a gap is a bug and throws.
     *
     * @return what happened, or null if the entry was already applied
     */
    Applied apply(Entry e);

    long appliedIndex();

    /** A hash of the applied history; equal on nodes that applied the same log. */
    long stateHash();

    /** The snapshot data at the applied index. */
    byte[] snapshot();

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty = the initial state). */
    void restore(long index, byte[] data);

    /** Whether {@code op} is a read (served after ReadIndex, never logged). */
    boolean isRead(I op);

    /** Answers the read {@code op} on {@code key} from the applied state. */
    O read(String key, I op);

    /** The log command of the write {@code op} on {@code key}. */
    byte[] encode(String key, I op);

    /** The output the response bytes of an applied write mean for {@code op}. */
    O output(I op, byte[] response);
}
