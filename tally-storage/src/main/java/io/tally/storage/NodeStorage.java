package io.tally.storage;

import io.tally.storage.chunk.ChunkStore;
import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.raft.WalRaftStorage;
import io.tally.storage.state.StateStore;
import io.tally.storage.wal.Wal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything a node keeps on disk, opened with the standard layout under its data directory:
 * <pre>
 *   DATA/raft/wal/       Raft log segments          ({@link WalRaftStorage})
 *   DATA/raft/snapshot/  Raft snapshot file
 *   DATA/state/          RocksDB state               ({@link StateStore})
 *   DATA/chunks/         SHA-256 file chunks         ({@link ChunkStore})
 * </pre>
 * {@link #open} recovers all three and throws {@link io.tally.storage.wal.WalCorruptionException} (with
 * the operator's instructions) when acknowledged data may be lost. {@code fsync=false} is for tests and
 * benchmarks only and is logged as a warning. Thread rules are those of each part.
 */
public final class NodeStorage implements Closeable {

    /** Largest file chunk accepted (bytes). */
    public static final int CHUNK_BYTES_MAX = 4 << 20;

    private final RealFileSystem fs;
    private final WalRaftStorage raft;
    private final StateStore state;
    private final ChunkStore chunks;

    private NodeStorage(RealFileSystem fs, WalRaftStorage raft, StateStore state, ChunkStore chunks) {
        this.fs = fs;
        this.raft = raft;
        this.state = state;
        this.chunks = chunks;
    }

    public static NodeStorage open(Path dataDir, boolean fsync) throws IOException {
        RealFileSystem fs = new RealFileSystem(dataDir, fsync);
        WalRaftStorage raft = WalRaftStorage.open(fs, "raft", Wal.Options.defaults());
        StateStore state;
        try {
            state = StateStore.open(dataDir.resolve("state"), false, fsync);
        } catch (IOException | RuntimeException e) {
            raft.close();
            throw e;
        }
        try {
            return new NodeStorage(fs, raft, state, new ChunkStore(fs, "chunks", CHUNK_BYTES_MAX));
        } catch (IOException | RuntimeException e) {
            raft.close();
            state.close();
            throw e;
        }
    }

    public RealFileSystem fileSystem() {
        return fs;
    }

    public WalRaftStorage raft() {
        return raft;
    }

    public StateStore state() {
        return state;
    }

    public ChunkStore chunks() {
        return chunks;
    }

    @Override
    public void close() throws IOException {
        try {
            raft.close();
        } finally {
            state.close();
        }
    }
}
