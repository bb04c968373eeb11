package io.tally.server.raft;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB checkpoints a node can send as snapshots: {@code <data>/snapshots/<index>-<term>/}, each a complete
 * checkpoint of the state store at that applied index (hard links to the live SST files, so cheap in time and
 * space while the live database keeps them). The storage thread creates one per snapshot taken ({@link #take}) or
 * installed ({@link #keepInstalled}); the snapshot thread streams them ({@link #lease}). The newest
 * {@link #KEEP} are kept, plus any streamed within the last {@link #LEASE_MS} ms, so an archive stays on disk
 * while a transfer of it goes on. Thread-safe (short synchronized sections; no I/O under the lock except listing).
 */
final class SnapshotCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCheckpoints.class);
    /** Newest checkpoints kept whatever happens. */
    static final int KEEP = 3;
    /** An older checkpoint streamed less than this long ago is kept too. */
    static final long LEASE_MS = 60_000;

    private final Path dir;
    private final boolean fsync;
    private final Map<String, Long> leasedAtNanos = new HashMap<>();

    SnapshotCheckpoints(Path dir, boolean fsync) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("tmp-")).toList()) {
                deleteTree(p); // a checkpoint cut short by a crash
            }
        }
    }

    static String name(long index, long term) {
        return index + "-" + term;
    }

    /**
     * Storage thread: checkpoints the state (which must be at {@code index}) as the snapshot (index, term), durably,
     * and prunes old checkpoints; returns the {@link SnapshotRef} for {@code RaftNode.compact}.
     */
    byte[] take(StateStore state, long index, long term) throws IOException {
        Path target = dir.resolve(name(index, term));
        if (!Files.isDirectory(target)) {
            Path tmp = dir.resolve("tmp-" + name(index, term));
            deleteTree(tmp);
            long at = state.checkpoint(tmp);
            if (at != index) {
                deleteTree(tmp);
                throw new IllegalStateException("checkpoint holds index " + at + ", expected " + index);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (fsync) {
                RealFileSystem.syncDirectory(dir);
            }
        }
        prune();
        return SnapshotRef.encode(index, term);
    }

    /** Storage thread: after installing a received snapshot, keeps a checkpoint of it so this node can send it on. */
    void keepInstalled(StateStore state, long index, long term) throws IOException {
        take(state, index, term);
    }

    boolean has(long index, long term) {
        return Files.isDirectory(dir.resolve(name(index, term)));
    }

    /** Snapshot thread: the checkpoint directory of (index, term) if held, marked as being streamed now. */
    synchronized Optional<Path> lease(long index, long term) {
        Path p = dir.resolve(name(index, term));
        if (!Files.isDirectory(p)) {
            return Optional.empty();
        }
        leasedAtNanos.put(name(index, term), System.nanoTime());
        return Optional.of(p);
    }

    /** Deletes checkpoints beyond the newest {@link #KEEP} that no transfer used within {@link #LEASE_MS}. */
    synchronized void prune() throws IOException {
        List<long[]> held = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String[] parts = p.getFileName().toString().split("-");
                if (parts.length == 2 && parts[0].matches("[0-9]+") && parts[1].matches("[0-9]+")) {
                    held.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
                }
            }
        }
        held.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
        long now = System.nanoTime();
        for (int i = KEEP; i < held.size(); i++) {
            String n = name(held.get(i)[0], held.get(i)[1]);
            Long leased = leasedAtNanos.get(n);
            if (leased != null && now - leased < LEASE_MS * 1_000_000L) {
                continue;
            }
            leasedAtNanos.remove(n);
            deleteTree(dir.resolve(n));
            LOG.debug("deleted snapshot checkpoint {}", n);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
