package io.tally.sim.disk;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a Raft node's storage at one moment: hard state, latest snapshot and the entries
 * after it, with the {@link io.tally.raft.storage.RaftStorage} write semantics. Used twice by
 * {@link SimDisk}: what the process sees, and what is durable. Simulation thread only.
 */
public final class LogImage {
    private HardState hardState = HardState.EMPTY;
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();

    LogImage(Configuration initial) {
        this.snapshot = Snapshot.bootstrap(initial);
    }

    /** The image of a recovered state (what a storage found at start). */
    static LogImage of(RecoveredState state) {
        LogImage image = new LogImage(state.snapshot().metadata().configuration());
        image.snapshot = state.snapshot();
        image.hardState = state.hardState();
        image.entries.addAll(state.entries());
        return image;
    }

    LogImage(LogImage other) {
        this.hardState = other.hardState;
        this.snapshot = other.snapshot;
        this.entries.addAll(other.entries);
    }

    public HardState hardState() {
        return hardState;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Index of the last entry, or the snapshot's index if there is none. */
    public long lastIndex() {
        return snapshot.index() + entries.size();
    }

    /** The entry at {@code index}, or null if it is compacted away or beyond the end. */
    public Entry entryAt(long index) {
        long pos = index - snapshot.index() - 1;
        return pos >= 0 && pos < entries.size() ? entries.get((int) pos) : null;
    }

    /** The term at {@code index}: the snapshot's term at its index, 0 at index 0, -1 if unknown. */
    public long termAt(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        Entry e = entryAt(index);
        return e == null ? -1 : e.term();
    }

    public RecoveredState toRecovered() {
        return new RecoveredState(hardState, snapshot, entries);
    }

    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("expected entry index " + (lastIndex() + 1) + ", got " + e.index());
        }
        entries.add(e);
    }

    void truncateSuffix(long fromIndex) {
        if (fromIndex <= snapshot.index()) {
            throw new IllegalStateException("cannot truncate from " + fromIndex + " at or below snapshot "
                    + snapshot.index());
        }
        int keep = (int) (fromIndex - snapshot.index() - 1);
        if (keep < entries.size()) {
            entries.subList(keep, entries.size()).clear();
        }
    }

    void saveHardState(HardState hs) {
        this.hardState = hs;
    }

    void saveSnapshot(Snapshot s) {
        if (s.index() < snapshot.index()) {
            return;
        }
        Entry at = entryAt(s.index());
        if (s.index() > snapshot.index()) {
            if (at != null && at.term() == s.term()) {
                entries.subList(0, (int) (s.index() - snapshot.index())).clear();
            } else {
                entries.clear();
            }
        }
        snapshot = s;
    }

    List<Entry> entries() {
        return entries;
    }
}
