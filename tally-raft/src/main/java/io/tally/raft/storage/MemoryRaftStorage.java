package io.tally.raft.storage;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * In-memory {@link RaftStorage}: everything written is "durable" (sync is a no-op). For unit tests and benchmarks;
 * not thread-safe (one runtime thread).
 */
public final class MemoryRaftStorage implements RaftStorage {
    private HardState hardState = HardState.EMPTY;
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();

    /** Storage of a node that has not joined any cluster. */
    public MemoryRaftStorage() {
        this(Configuration.EMPTY);
    }

    /** Storage of a fresh node of a new cluster with the given initial members. */
    public MemoryRaftStorage(Configuration initial) {
        this.snapshot = Snapshot.bootstrap(initial);
    }

    @Override
    public RecoveredState recover() {
        return new RecoveredState(hardState, snapshot, entries);
    }

    @Override
    public long lastIndex() {
        return entries.isEmpty() ? snapshot.index() : entries.get(entries.size() - 1).index();
    }

    @Override
    public void append(List<Entry> toAppend) {
        long expect = lastIndex() + 1;
        for (Entry e : toAppend) {
            if (e.index() != expect) {
                throw new IllegalStateException("expected entry index " + expect + ", got " + e.index());
            }
            entries.add(e);
            expect++;
        }
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        if (fromIndex <= snapshot.index()) {
            throw new IllegalStateException("cannot truncate from " + fromIndex + " at or below snapshot "
                    + snapshot.index());
        }
        int keep = (int) (fromIndex - snapshot.index() - 1);
        if (keep < entries.size()) {
            entries.subList(keep, entries.size()).clear();
        }
    }

    @Override
    public void saveHardState(HardState hs) {
        this.hardState = hs;
    }

    @Override
    public void saveSnapshot(Snapshot s) {
        if (s.index() < snapshot.index()) {
            return;
        }
        long offset = snapshot.index();
        if (s.index() == offset) {
            snapshot = s;
            return;
        }
        int pos = (int) (s.index() - offset - 1);
        if (pos >= 0 && pos < entries.size() && entries.get(pos).term() == s.term()) {
            entries.subList(0, pos + 1).clear();
        } else {
            entries.clear();
        }
        snapshot = s;
    }

    @Override
    public void sync() {
        // memory is "durable"
    }

    public HardState hardState() {
        return hardState;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** A copy of the stored entries. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}
