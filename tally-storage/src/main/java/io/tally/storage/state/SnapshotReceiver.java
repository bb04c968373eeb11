package io.tally.storage.state;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.wal.WalCorruptionException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Rebuilds a snapshot archive sent in chunks and installs it atomically. Chunks are appended, fsynced,
 * to {@code incoming-<index>-<term>/archive.part} under the state directory, so a broken transfer
 * resumes at {@link #resumeOffset()} (also after a restart). {@link #install()} verifies the archive's
 * SHA-256 while unpacking it into a staging directory and hands the complete checkpoint to
 * {@link StateStore#install}; a half-received snapshot is never visible. If the digest does not match,
 * the partial file is discarded and the transfer starts again from offset 0.
 * Confined to the node's apply thread.
 */
public final class SnapshotReceiver {

    /** One piece of an archive: bytes at {@code offset}, their CRC32C, and whether it is the last. */
    public record Chunk(long offset, byte[] bytes, int crc32c, boolean last) {
        public static Chunk of(long offset, byte[] bytes, boolean last) {
            CRC32C c = new CRC32C();
            c.update(bytes);
            return new Chunk(offset, bytes, (int) c.getValue(), last);
        }

        /** The chunk of {@code source} at {@code offset}, at most {@code bytesMax} long. */
        public static Chunk read(SnapshotArchive.Source source, long offset, int bytesMax) throws IOException {
            int n = (int) Math.max(0, Math.min(bytesMax, source.totalBytes() - offset));
            byte[] b = new byte[n];
            source.read(offset, b, 0, n);
            return of(offset, b, offset + n == source.totalBytes());
        }
    }

    private final StateStore store;
    private final Path staging;
    private final Path part;
    private final boolean fsync;
    private long size;
    private boolean complete;

    public SnapshotReceiver(StateStore store, long index, long term, boolean fsync) throws IOException {
        this.store = store;
        this.staging = store.stagingDir(index + "-" + term);
        this.part = staging.resolve("archive.part");
        this.fsync = fsync;
        this.size = Files.exists(part) ? Files.size(part) : 0;
        Path done = staging.resolve("COMPLETE");
        this.complete = Files.exists(done);
    }

    /** Offset of the next byte wanted: the sender resumes from here. */
    public long resumeOffset() {
        return size;
    }

    public boolean complete() {
        return complete;
    }

    /**
     * Takes a chunk; returns the next offset wanted. A duplicate (already received) chunk is ignored; a
     * chunk beyond the received bytes is not taken (the answer tells the sender where to resume).
     *
     * @throws WalCorruptionException when the chunk's bytes do not match its CRC32C
     */
    public long accept(Chunk chunk) throws IOException {
        CRC32C c = new CRC32C();
        c.update(chunk.bytes());
        if ((int) c.getValue() != chunk.crc32c()) {
            throw new WalCorruptionException(part.toString(), chunk.offset(), "snapshot chunk CRC32C mismatch");
        }
        if (complete || chunk.offset() != size) {
            return size;
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ByteBuffer b = ByteBuffer.wrap(chunk.bytes());
            long pos = size;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            if (fsync) {
                ch.force(true);
            }
        }
        size += chunk.bytes().length;
        if (chunk.last()) {
            Files.createFile(staging.resolve("COMPLETE"));
            if (fsync) {
                RealFileSystem.syncDirectory(staging);
            }
            complete = true;
        }
        return size;
    }

    /** Bytes received so far (the size of the staging file). */
    public long receivedBytes() {
        return size;
    }

    /**
     * Checks the complete received archive (structure and SHA-256) without unpacking it, so a bad transfer is
     * found before the Raft core is told the snapshot is there. On a mismatch the staging directory is deleted,
     * this receiver starts again at offset 0, and the {@link WalCorruptionException} is rethrown.
     */
    public SnapshotArchive.Header verify() throws IOException {
        if (!complete) {
            throw new IllegalStateException("snapshot transfer into " + staging + " is not complete (" + size + " bytes so far)");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(part), 1 << 16)) {
            return SnapshotArchive.read(in, size, SnapshotArchive.DISCARD, part.toString());
        } catch (WalCorruptionException e) {
            discard();
            throw e;
        }
    }

    /** Deletes whatever was received; the next chunk wanted is at offset 0 again. */
    public void discard() throws IOException {
        StateStore.deleteTree(staging);
        Files.createDirectories(staging);
        size = 0;
        complete = false;
    }

    /** Deletes the staging directory for good (the transfer was abandoned). */
    public void delete() throws IOException {
        StateStore.deleteTree(staging);
        size = 0;
        complete = false;
    }

    /** Verifies and unpacks the received archive, then installs it; returns its header. */
    public SnapshotArchive.Header install() throws IOException {
        if (!complete) {
            throw new IllegalStateException("snapshot transfer into " + staging + " is not complete (" + size + " bytes so far)");
        }
        Path db = staging.resolve("db");
        StateStore.deleteTree(db);
        Files.createDirectories(db);
        SnapshotArchive.Header header;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(part), 1 << 16)) {
            header = SnapshotArchive.read(in, size, new DirSink(db, fsync), part.toString());
        } catch (WalCorruptionException e) {
            StateStore.deleteTree(staging); // start the transfer again from zero
            throw e;
        }
        if (fsync) {
            RealFileSystem.syncDirectory(db);
        }
        store.install(db);
        StateStore.deleteTree(staging);
        return header;
    }

    /** Writes archive files into a directory, fsyncing each one. */
    private static final class DirSink implements SnapshotArchive.Sink {
        private final Path dir;
        private final boolean fsync;
        private FileChannel ch;

        DirSink(Path dir, boolean fsync) {
            this.dir = dir;
            this.fsync = fsync;
        }

        @Override
        public void beginFile(String name, long sizeBytes) throws IOException {
            try {
                ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new WalCorruptionException(dir.toString(), 0, "snapshot archive holds the file " + name + " twice");
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void endFile() throws IOException {
            if (fsync) {
                ch.force(true);
            }
            ch.close();
        }
    }
}
