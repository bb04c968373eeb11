package io.tally.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's in-memory view of its log: the latest snapshot (with its data, to send to lagging followers), the
 * entries after it, the commit index, how far entries are durable ({@code stableIndex}) and how far committed
 * entries were handed to the application ({@code appliedIndex}). Tracks configuration entries so the configuration
 * in effect is always that of the latest CONFIG entry (or the snapshot's).
 *
 * <p>Invariants, checked always (IllegalStateException): snapshot index <= applied <= committed <= last index; the
 * commit index never decreases; a committed entry is never truncated. Owned by one {@link RaftNode}; single-threaded.
 */
final class RaftLog {
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final TreeMap<Long, Configuration> configs = new TreeMap<>();
    private long committed;
    private long applied;
    private long stableIndex;

    RaftLog(Snapshot snapshot, List<Entry> recovered, long commitIndex) {
        this.snapshot = snapshot;
        for (Entry e : recovered) {
            appendOne(e);
        }
        this.stableIndex = lastIndex();
        this.committed = Math.max(snapshot.index(), Math.min(commitIndex, lastIndex()));
        this.applied = snapshot.index();
    }

    long snapshotIndex() {
        return snapshot.index();
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long firstIndex() {
        return snapshot.index() + 1;
    }

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshot.term() : entries.get(entries.size() - 1).term();
    }

    long lastLogTimeMs() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).logTimeMs();
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    long stableIndex() {
        return stableIndex;
    }

    /** Term at {@code index}, or -1 if compacted away or beyond the end. */
    long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < snapshot.index() || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshot.index() - 1)).term();
    }

    Entry entry(long index) {
        if (index <= snapshot.index() || index > lastIndex()) {
            throw new IllegalStateException("entry " + index + " not in log [" + firstIndex() + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - snapshot.index() - 1));
    }

    boolean matchTerm(long index, long term) {
        return term(index) == term;
    }

    /** Raft §5.4.1: a candidate's log is at least as up-to-date as ours. */
    boolean isUpToDate(long candLastIndex, long candLastTerm) {
        return candLastTerm > lastTerm() || (candLastTerm == lastTerm() && candLastIndex >= lastIndex());
    }

    /** Entries in [from, lastIndex], at most {@code maxBytes} (at least one if any) and {@code maxCount}. */
    List<Entry> slice(long from, long maxBytes, int maxCount) {
        if (from <= snapshot.index()) {
            throw new IllegalStateException("slice from " + from + " is compacted (snapshot " + snapshot.index() + ")");
        }
        long last = lastIndex();
        if (from > last) {
            return List.of();
        }
        int lo = (int) (from - snapshot.index() - 1);
        int hi = lo;
        long size = 0;
        while (hi < entries.size() && hi - lo < maxCount) {
            size += entries.get(hi).sizeBytes();
            if (size > maxBytes && hi > lo) {
                break;
            }
            hi++;
        }
        return List.copyOf(entries.subList(lo, hi));
    }

    /** Leader append: entries must continue the log exactly. */
    void append(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("leader append at " + e.index() + " but last index is " + lastIndex());
        }
        appendOne(e);
    }

    private void appendOne(Entry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalStateException("log gap: appending " + e.index() + " after " + lastIndex());
        }
        if (e.term() < lastTerm()) {
            throw new IllegalStateException("term went backwards: entry " + e + " after term " + lastTerm());
        }
        entries.add(e);
        if (e.type() == EntryType.CONFIG) {
            configs.put(e.index(), Configuration.decode(e.data()));
        }
    }

    /**
     * Follower append (Figure 2 rules 3-4): given that the log matches at prevIndex, skips entries already present,
     * truncates at the first conflict and appends the rest. Returns the index of the last new entry.
     */
    long appendAfter(long prevIndex, List<Entry> newEntries) {
        long lastNew = prevIndex + newEntries.size();
        for (int i = 0; i < newEntries.size(); i++) {
            Entry e = newEntries.get(i);
            if (e.index() != prevIndex + 1 + i) {
                throw new IllegalArgumentException("expected contiguous entries from " + (prevIndex + 1) + ", got " + e.index());
            }
            if (term(e.index()) == e.term()) {
                continue; // already present (log matching: so is everything before it)
            }
            if (e.index() <= lastIndex()) {
                truncateFrom(e.index()); // conflict: drop it and all that follow (never a committed entry)
            }
            for (int k = i; k < newEntries.size(); k++) {
                appendOne(newEntries.get(k));
            }
            break;
        }
        return lastNew;
    }

    private void truncateFrom(long index) {
        if (index <= committed) {
            throw new IllegalStateException("refusing to truncate committed entry " + index + " (commit index "
                    + committed + ")");
        }
        int keep = (int) (index - snapshot.index() - 1);
        entries.subList(keep, entries.size()).clear();
        configs.tailMap(index, true).clear();
        stableIndex = Math.min(stableIndex, index - 1);
    }

    /** Advances the commit index; lower values are ignored (it never decreases). */
    boolean commitTo(long index) {
        if (index <= committed) {
            return false;
        }
        if (index > lastIndex()) {
            throw new IllegalStateException("commit index " + index + " beyond last index " + lastIndex());
        }
        committed = index;
        return true;
    }

    /** Entries past {@code stableIndex}: to persist. */
    List<Entry> unstableEntries() {
        if (stableIndex >= lastIndex()) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (stableIndex - snapshot.index()), entries.size()));
    }

    /** Marks entries through {@code index} durable, if the log still holds term {@code term} there. */
    void stableTo(long index, long term) {
        if (index > stableIndex && matchTerm(index, term)) {
            stableIndex = index;
        }
    }

    /** Committed entries not yet handed out, up to {@code maxBytes} (at least one). */
    List<Entry> nextCommitted(long maxBytes) {
        if (applied >= committed) {
            return List.of();
        }
        return slice(applied + 1, maxBytes, (int) Math.min(Integer.MAX_VALUE, committed - applied));
    }

    void appliedTo(long index) {
        if (index < applied || index > committed) {
            throw new IllegalStateException("applied index " + index + " outside [" + applied + ", " + committed + "]");
        }
        applied = index;
    }

    /** Configuration in effect at {@code index}: the latest CONFIG entry at or before it, else the snapshot's. */
    Configuration configAt(long index) {
        Map.Entry<Long, Configuration> e = configs.floorEntry(index);
        return e == null ? snapshot.metadata().configuration() : e.getValue();
    }

    Configuration config() {
        return configAt(lastIndex());
    }

    /** Index of the latest CONFIG entry in the log, or the snapshot index. */
    long configIndex() {
        return configs.isEmpty() ? snapshot.index() : configs.lastKey();
    }

    /**
     * Installs a snapshot received from the leader: keeps the suffix after it if our entry at its index has its term,
     * else discards the whole log. The snapshot counts as committed, applied and stable.
     */
    void restore(Snapshot s) {
        if (s.index() <= committed) {
            throw new IllegalStateException("snapshot " + s.index() + " not beyond commit index " + committed);
        }
        if (matchTerm(s.index(), s.term())) {
            int drop = (int) (s.index() - snapshot.index());
            entries.subList(0, drop).clear();
        } else {
            entries.clear();
        }
        configs.headMap(s.index(), true).clear();
        if (entries.isEmpty()) {
            configs.clear();
        }
        snapshot = s;
        committed = s.index();
        applied = s.index();
        stableIndex = Math.max(stableIndex, s.index());
        if (stableIndex > lastIndex()) {
            stableIndex = lastIndex();
        }
    }

    /** Local compaction: the application snapshotted at {@code index} (<= applied); discards entries up to it. */
    Snapshot compact(long index, byte[] data) {
        if (index <= snapshot.index()) {
            throw new IllegalArgumentException("snapshot index " + index + " not beyond current snapshot " + snapshot.index());
        }
        if (index > applied) {
            throw new IllegalArgumentException("snapshot index " + index + " beyond applied index " + applied);
        }
        Snapshot s = new Snapshot(new SnapshotMetadata(index, term(index), configAt(index)), data);
        entries.subList(0, (int) (index - snapshot.index())).clear();
        configs.headMap(index, true).clear();
        snapshot = s;
        return s;
    }
}
