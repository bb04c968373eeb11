package io.tally.raft.storage;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * What a node's storage holds when it (re)starts.
 *
 * @param hardState last durable hard state ({@link HardState#EMPTY} if none)
 * @param snapshot  last durable snapshot ({@link Snapshot#bootstrap} with {@link Configuration#EMPTY} if none)
 * @param entries   durable entries after the snapshot, contiguous from snapshot index + 1 (a torn tail already cut)
 */
public record RecoveredState(HardState hardState, Snapshot snapshot, List<Entry> entries) {
    public RecoveredState {
        Objects.requireNonNull(hardState, "hardState");
        Objects.requireNonNull(snapshot, "snapshot");
        entries = List.copyOf(entries);
        long expect = snapshot.index() + 1;
        for (Entry e : entries) {
            if (e.index() != expect) {
                throw new IllegalStateException("recovered log is not contiguous: expected index " + expect
                        + " after snapshot " + snapshot.index() + ", found " + e.index());
            }
            expect++;
        }
    }

    /** A node with no state that has not joined a cluster (it waits for a leader to contact it). */
    public static RecoveredState empty() {
        return new RecoveredState(HardState.EMPTY, Snapshot.bootstrap(Configuration.EMPTY), List.of());
    }

    /** A fresh node of a brand-new cluster whose initial members are {@code initial}. */
    public static RecoveredState bootstrap(Configuration initial) {
        return new RecoveredState(HardState.EMPTY, Snapshot.bootstrap(initial), List.of());
    }

    /** True if nothing was ever persisted. */
    public boolean isFresh() {
        return hardState.equals(HardState.EMPTY) && snapshot.index() == 0 && entries.isEmpty();
    }
}
