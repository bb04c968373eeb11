package io.tally.server.raft;

import io.tally.raft.Entry;
import io.tally.raft.Ready;
import io.tally.raft.Snapshot;
import io.tally.raft.storage.RaftStorage;
import io.tally.storage.state.SnapshotArchive;
import io.tally.storage.state.SnapshotReceiver;
import io.tally.storage.state.StateStore;
import io.tally.store.state.ApplyOutput;
import io.tally.store.state.DataStateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage-thread half of the Raft driver: for each {@link Ready} it persists (WAL, fsync when the Ready
 * says so), installs a snapshot received from the leader into RocksDB, applies the committed entries through
 * the {@link DataStateMachine} (each entry's writes atomically with its index, {@code StateStore.apply}), and
 * every {@code snapshotEveryEntries} applied entries takes a snapshot for compaction: a RocksDB checkpoint kept on
 * disk ({@link SnapshotCheckpoints}) and streamed as a {@link SnapshotArchive} by {@link SnapshotTransfers}; the
 * Raft core holds only a {@link SnapshotRef} to it. Only the storage thread calls {@link #persistAndApply}; the result
 * goes back to the node loop as a {@link RaftEvent.Persisted}.
 */
final class ApplyWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyWorker.class);
    /** Idle log time after which a client session expires (must exceed the clients' retry horizon). */
    static final long SESSION_TIMEOUT_MS = 10 * 60_000L;
    /** Live client sessions kept (least recently active evicted beyond). */
    static final int SESSIONS_MAX = 100_000;

    private final RaftStorage raftStorage;
    private final StateStore state;
    private final ApplyCache reader;
    private final boolean fsync;
    private final long snapshotEveryEntries;
    private final SnapshotCheckpoints checkpoints;
    private final SnapshotTransfers snapshots;
    private DataStateMachine machine;
    private long lastSnapshotIndex;
    private long lastAppliedTerm;

    ApplyWorker(RaftStorage raftStorage, StateStore state, boolean fsync, long snapshotEveryEntries, long raftSnapshotIndex,
                SnapshotCheckpoints checkpoints, SnapshotTransfers snapshots) {
        this.checkpoints = checkpoints;
        this.snapshots = snapshots;
        this.raftStorage = raftStorage;
        this.state = state;
        this.reader = new ApplyCache(new StateStoreReader(state));
        this.fsync = fsync;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.machine = newMachine();
        this.lastSnapshotIndex = raftSnapshotIndex;
    }

    /** The snapshot streams of this node (the driver holds back InstallSnapshot until its archive is staged). */
    SnapshotTransfers snapshots() {
        return snapshots;
    }

    private DataStateMachine newMachine() {
        reader.clear(); // a new machine means new state underneath (start or snapshot installed)
        return new DataStateMachine(reader, SESSION_TIMEOUT_MS, SESSIONS_MAX);
    }

    /**
     * At start: if the Raft snapshot is ahead of the state (a crash between saving a received snapshot and
     * installing it), install it now so the log after it applies on top.
     */
    void recover(Snapshot raftSnapshot) throws IOException {
        if (raftSnapshot.index() > state.appliedIndex() && raftSnapshot.data().length > 0) {
            LOG.info("state at index {} is behind the Raft snapshot at {}: installing the snapshot", state.appliedIndex(), raftSnapshot.index());
            installState(raftSnapshot);
        } else if (SnapshotRef.is(raftSnapshot.data()) && !checkpoints.has(raftSnapshot.index(), raftSnapshot.term())) {
            if (state.appliedIndex() == raftSnapshot.index()) {
                checkpoints.take(state, raftSnapshot.index(), raftSnapshot.term());
            } else { // cannot rebuild it: take a new snapshot with the next applied entry, so followers can be served
                LOG.warn("no checkpoint of snapshot {}/{} to send to followers; taking a new snapshot soon", raftSnapshot.index(), raftSnapshot.term());
                lastSnapshotIndex = Long.MIN_VALUE / 2;
            }
        }
    }

    /** Persists, installs, applies and maybe snapshots one Ready; never throws (errors travel in the event). */
    RaftEvent.Persisted persistAndApply(Ready ready) {
        List<RaftEvent.Applied> applied = new ArrayList<>(ready.committedEntries().size());
        try {
            raftStorage.persist(ready);
            if (ready.snapshot() != null && ready.snapshot().index() > state.appliedIndex()) {
                installState(ready.snapshot());
            }
            for (Entry e : ready.committedEntries()) {
                if (e.index() <= state.appliedIndex()) {
                    continue; // applied before a restart, or covered by an installed snapshot
                }
                ApplyOutput out = machine.apply(e);
                state.apply(e.index(), StateStoreReader.writes(out.writes()));
                reader.committed(out.writes());
                lastAppliedTerm = e.term();
                applied.add(new RaftEvent.Applied(e.index(), e.term(), out.answers().stream().map(ApplyOutput.Answer::result).toList()));
            }
            long appliedIndex = state.appliedIndex();
            if (lastAppliedTerm > 0 && appliedIndex - lastSnapshotIndex >= snapshotEveryEntries) {
                byte[] data = takeSnapshot(appliedIndex, lastAppliedTerm);
                lastSnapshotIndex = appliedIndex;
                return new RaftEvent.Persisted(ready, applied, appliedIndex, appliedIndex, data, null);
            }
            return new RaftEvent.Persisted(ready, applied, appliedIndex, 0, null, null);
        } catch (IOException | RuntimeException e) {
            return new RaftEvent.Persisted(ready, applied, state.appliedIndex(), 0, null, e);
        }
    }

    private void installState(Snapshot s) throws IOException {
        SnapshotReceiver receiver = new SnapshotReceiver(state, s.index(), s.term(), fsync);
        boolean streamed = SnapshotRef.is(s.data());
        if (streamed) { // its archive was staged and verified by SnapshotTransfers before the core saw it
            SnapshotRef.check(s.data(), s.index(), s.term());
            if (!receiver.complete()) {
                throw new IllegalStateException("snapshot " + s.index() + "/" + s.term() + " is to be installed but its archive is not"
                        + " staged (" + receiver.resumeOffset() + " bytes received); expected SnapshotTransfers to stage it first");
            }
        } else {
            receiver.accept(SnapshotReceiver.Chunk.of(0, s.data(), true));
        }
        SnapshotArchive.Header h = receiver.install();
        if (h.index() != s.index()) {
            throw new IllegalStateException("snapshot archive holds index " + h.index() + " but the Raft snapshot is at " + s.index());
        }
        if (state.appliedIndex() != s.index()) {
            throw new IllegalStateException("installed snapshot " + s.index() + " but the state's applied index is " + state.appliedIndex());
        }
        machine = newMachine();
        lastSnapshotIndex = s.index();
        lastAppliedTerm = s.term();
        if (streamed) {
            checkpoints.keepInstalled(state, s.index(), s.term());
            snapshots.installed(s.index(), s.term());
        }
        LOG.info("installed snapshot at index {} term {}", s.index(), s.term());
    }

    /** A checkpoint kept on disk to be streamed; the core gets only a {@link SnapshotRef} to it. */
    private byte[] takeSnapshot(long index, long term) throws IOException {
        byte[] ref = checkpoints.take(state, index, term);
        LOG.info("snapshot at index {} term {}: checkpoint kept for streaming", index, term);
        return ref;
    }
}
