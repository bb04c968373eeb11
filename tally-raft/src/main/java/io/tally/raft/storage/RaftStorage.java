package io.tally.raft.storage;

import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Ready;
import io.tally.raft.Snapshot;
import java.util.List;

/**
 * Durable state of one Raft node: hard state, log entries and the latest snapshot. Implemented by the WAL
 * (tally-storage) and by the simulator's disk. Called only by the node's runtime (one thread at a time), never by
 * the core, which stays pure.
 *
 * <h2>Durability contract</h2>
 * Writes may be buffered; {@link #sync()} makes everything written before it durable (in order). A crash may lose
 * any unsynced suffix of writes (and tear the last one); {@link #recover()} must then return a prefix-consistent
 * state: a valid snapshot, the hard state last fully written, and a contiguous run of entries after the snapshot
 * (cut at the first torn or missing entry). The runtime must, for each {@link Ready}:
 * <ol>
 *   <li>write {@code ready.snapshot()} (if any) via {@link #saveSnapshot};</li>
 *   <li>write {@code ready.entries()}: if the first one's index is <= {@link #lastIndex()}, first
 *       {@link #truncateSuffix} from that index (that suffix is never committed), then {@link #append};</li>
 *   <li>write {@code ready.hardState()} (if any) via {@link #saveHardState};</li>
 *   <li>write {@code ready.localSnapshot()} (if any) via {@link #saveSnapshot};</li>
 *   <li>{@link #sync()} if {@code ready.mustSync()} — BEFORE any of {@code ready.messagesAfterPersist()} leave and
 *       before {@code RaftNode.advance(ready)}: a vote, an append acknowledgement or a snapshot acknowledgement
 *       promises the state is durable.</li>
 * </ol>
 * {@link #persist(Ready)} performs exactly these steps. A committed entry is never truncated: the core checks it.
 */
public interface RaftStorage {

    /** Loads the durable state (at start-up, before the node is created). */
    RecoveredState recover();

    /** Index of the last stored entry, or the snapshot index if there is none. */
    long lastIndex();

    /**
     * Appends entries; {@code entries.get(0).index() == lastIndex() + 1} and indexes are contiguous.
     *
     * @throws IllegalStateException if the entries do not continue the log
     */
    void append(List<Entry> entries);

    /** Discards every stored entry with index >= {@code fromIndex} (a conflicting, uncommitted suffix). */
    void truncateSuffix(long fromIndex);

    /** Replaces the stored hard state. */
    void saveHardState(HardState hardState);

    /**
     * Stores {@code snapshot} as the latest snapshot and compacts: entries with index <= snapshot index are discarded;
     * if the stored entry at the snapshot index has a different term than the snapshot (or is missing), every entry
     * is discarded (the log restarts after the snapshot). A snapshot older than the stored one is ignored; one at the
     * SAME index replaces it (that is how a bootstrapped node records its initial configuration: its first Ready
     * carries {@code Snapshot.bootstrap(initialConfiguration)} at index 0 as {@code localSnapshot()}, and a fresh
     * storage already holds an empty index-0 snapshot).
     */
    void saveSnapshot(Snapshot snapshot);

    /** Makes every preceding write durable (fsync). */
    void sync();

    /** Persists one Ready in the order documented on this interface; does not send or apply anything. */
    default void persist(Ready ready) {
        if (ready.snapshot() != null) {
            saveSnapshot(ready.snapshot());
        }
        if (!ready.entries().isEmpty()) {
            long first = ready.entries().get(0).index();
            if (first <= lastIndex()) {
                truncateSuffix(first);
            }
            append(ready.entries());
        }
        if (ready.hardState() != null) {
            saveHardState(ready.hardState());
        }
        if (ready.localSnapshot() != null) {
            saveSnapshot(ready.localSnapshot());
        }
        if (ready.mustSync()) {
            sync();
        }
    }
}
