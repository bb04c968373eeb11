package io.tally.server.raft;

import io.tally.raft.Configuration;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.storage.RecoveredState;
import io.tally.storage.NodeStorage;
import io.tally.store.state.StateReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a node's Raft side: the storage under the data dir ({@link NodeStorage}: WAL, RocksDB state, chunks),
 * recovers the log, bootstraps a fresh group per {@link Bootstrap}, and builds the {@link RaftDriver} with its
 * storage thread. {@link #close()} stops the storage thread (after the node loop has stopped) and closes the
 * storage. Open and close from one thread.
 */
public final class RaftRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftRuntime.class);

    private final NodeStorage storage;
    private final ExecutorService storageThread;
    private final RaftDriver driver;
    private final StateReader reader;
    private final SnapshotTransfers snapshots;

    private RaftRuntime(NodeStorage storage, ExecutorService storageThread, RaftDriver driver, StateReader reader,
                        SnapshotTransfers snapshots) {
        this.snapshots = snapshots;
        this.storage = storage;
        this.storageThread = storageThread;
        this.driver = driver;
        this.reader = reader;
    }

    /** Settings of the Raft side of a node; times in milliseconds. */
    public record Settings(String nodeId, Path dataDir, boolean fsync, Optional<SortedSet<String>> initialVoters,
                           long electionTimeoutMs, long heartbeatMs, long snapshotEveryEntries, long requestTimeoutMs) {
    }

    /**
     * Opens storage, recovers and builds the driver; nothing runs until events arrive.
     *
     * @param clockMs the node clock (monotonic milliseconds), the same the node loop hands to the cores
     */
    public static RaftRuntime open(Settings s, RaftDriver.Effects effects, java.util.function.LongSupplier clockMs) throws IOException {
        NodeStorage storage = NodeStorage.open(s.dataDir(), s.fsync());
        try {
            RecoveredState recovered = storage.raft().recover();
            if (recovered.isFresh() && recovered.snapshot().metadata().configuration().voters().isEmpty()) {
                if (s.initialVoters().isPresent()) {
                    LOG.info("founding the Raft group with voters {}", s.initialVoters().get());
                    recovered = RecoveredState.bootstrap(Configuration.of(s.initialVoters().get(), List.of()));
                } else {
                    LOG.info("no Raft log yet and nothing to found: waiting to be added to the group");
                }
            } else {
                LOG.info("resuming Raft at term {}, commit {}, snapshot {}, {} log entries; state applied to {}",
                        recovered.hardState().term(), recovered.hardState().commitIndex(), recovered.snapshot().index(),
                        recovered.entries().size(), storage.state().appliedIndex());
            }
            RaftConfig config = RaftConfig.fromMillis(s.nodeId(), RaftDriver.TICK_MS, s.electionTimeoutMs(), s.heartbeatMs());
            long seed = new SecureRandom().nextLong(); // the node's one generator (election jitter, request-id base)
            LOG.debug("raft seed {}", seed);
            java.util.Random random = new java.util.Random(seed);
            RaftNode node = new RaftNode(config, recovered, random);
            SnapshotCheckpoints checkpoints = new SnapshotCheckpoints(s.dataDir().resolve("snapshots"), s.fsync());
            SnapshotTransfers snapshots = new SnapshotTransfers(s.nodeId(), storage.state(), checkpoints, s.fsync(),
                    SnapshotTransfers.CHUNK_BYTES_DEFAULT, SnapshotTransfers.WINDOW_CHUNKS_DEFAULT, effects::enqueue,
                    clockMs, true);
            ApplyWorker worker = new ApplyWorker(storage.raft(), storage.state(), s.fsync(), s.snapshotEveryEntries(), recovered.snapshot().index(),
                    checkpoints, snapshots);
            worker.recover(recovered.snapshot());
            ExecutorService exec = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "raft-storage-" + s.nodeId());
                t.setDaemon(true);
                return t;
            });
            StateReader reader = new StateStoreReader(storage.state());
            RaftDriver driver = new RaftDriver(config, random, node, worker, exec, effects, reader, s.requestTimeoutMs());
            return new RaftRuntime(storage, exec, driver, reader, snapshots);
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    public RaftDriver driver() {
        return driver;
    }

    /** Snapshot streaming: the transport hands it chunk requests and chunks, and attaches its sender. */
    public SnapshotTransfers snapshots() {
        return snapshots;
    }

    /** Committed state for local reads (any thread). */
    public StateReader reader() {
        return reader;
    }

    /** Stops the storage thread (waiting up to 5 s for the batch it runs) and closes the storage. */
    @Override
    public void close() throws IOException {
        snapshots.close();
        storageThread.shutdown();
        try {
            if (!storageThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the Raft storage thread did not finish within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
    }
}
