package io.tally.storage.chunk;

import io.tally.storage.fs.FileHandle;
import io.tally.storage.fs.FileSystem;
import io.tally.storage.wal.WalCorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * File chunks on disk addressed by their SHA-256 (64 lowercase hex chars), under {@code dir}:
 * <pre>
 *   dir/ab/abcdef...(64 hex)   a chunk, in a fan-out directory named by its first two hex chars
 *   dir/tmp/                   chunks being written (emptied at start)
 * </pre>
 * {@link #put} writes atomically: temp file, fsync, rename into place, fsync of the directory; a chunk
 * already present is not written again. {@link #get} verifies the hash of what it reads. The state
 * machine records which chunks a file uses ({@code StateStore.Family.CHUNK_REFS}); {@link #collect}
 * deletes every chunk outside a given referenced set. Methods are synchronized: any thread may call.
 */
public final class ChunkStore {

    private static final HexFormat HEX = HexFormat.of();

    private final FileSystem fs;
    private final String dir;
    private final String tmpDir;
    private final int chunkBytesMax;
    private long tmpCounter;

    public ChunkStore(FileSystem fs, String dir, int chunkBytesMax) throws IOException {
        this.fs = fs;
        this.dir = dir;
        this.tmpDir = FileSystem.join(dir, "tmp");
        this.chunkBytesMax = chunkBytesMax;
        fs.mkdirs(tmpDir);
        fs.syncDir(FileSystem.parent(dir));
        fs.syncDir(dir);
        for (String name : fs.list(tmpDir)) {
            fs.delete(FileSystem.join(tmpDir, name));
        }
    }

    /** SHA-256 of {@code data} as 64 hex chars. */
    public static String idOf(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static void checkId(String id) {
        if (id.length() != 64 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("chunk id must be 64 lowercase hex chars (a SHA-256), got \"" + id + "\"");
        }
    }

    private String path(String id) {
        return FileSystem.join(FileSystem.join(dir, id.substring(0, 2)), id);
    }

    /** Stores {@code data} durably and returns its id. */
    public synchronized String put(byte[] data) throws IOException {
        if (data.length > chunkBytesMax) {
            throw new IllegalArgumentException("chunk of " + data.length + " bytes exceeds the maximum of " + chunkBytesMax);
        }
        String id = idOf(data);
        String target = path(id);
        if (fs.exists(target)) {
            return id;
        }
        String fan = FileSystem.parent(target);
        if (!fs.exists(fan)) {
            fs.mkdirs(fan);
            fs.syncDir(dir);
        }
        String tmp = FileSystem.join(tmpDir, id + "." + (tmpCounter++) + ".tmp");
        try (FileHandle h = fs.open(tmp, true)) {
            h.truncate(0);
            h.append(ByteBuffer.wrap(data));
            h.sync();
        }
        fs.rename(tmp, target);
        fs.syncDir(fan);
        fs.syncDir(tmpDir);
        return id;
    }

    public synchronized boolean contains(String id) {
        checkId(id);
        return fs.exists(path(id));
    }

    /**
     * The chunk's bytes, verified against its id.
     *
     * @throws WalCorruptionException when the stored bytes do not hash to the id
     */
    public synchronized Optional<byte[]> get(String id) throws IOException {
        checkId(id);
        String p = path(id);
        if (!fs.exists(p)) {
            return Optional.empty();
        }
        byte[] data;
        try (FileHandle h = fs.open(p, false)) {
            long size = h.size();
            if (size > chunkBytesMax) {
                throw new WalCorruptionException(fs.describe(p), 0, "chunk file of " + size + " bytes exceeds the maximum of " + chunkBytesMax);
            }
            data = h.readFully(0, (int) size);
        }
        if (!idOf(data).equals(id)) {
            throw new WalCorruptionException(fs.describe(p), 0, "chunk content does not match its SHA-256 name; fetch it again from another node");
        }
        return Optional.of(data);
    }

    /** Ids of every stored chunk, sorted. */
    public synchronized List<String> list() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String fan : fs.list(dir)) {
            if (fan.length() != 2) {
                continue;
            }
            for (String name : fs.list(FileSystem.join(dir, fan))) {
                if (name.length() == 64 && name.startsWith(fan)) {
                    ids.add(name);
                }
            }
        }
        return ids;
    }

    /**
     * Deletes every chunk not in {@code referenced} (the caller includes chunks of uploads in progress);
     * returns how many were deleted.
     */
    public synchronized int collect(Set<String> referenced) throws IOException {
        int deleted = 0;
        List<String> touched = new ArrayList<>();
        for (String id : list()) {
            if (!referenced.contains(id)) {
                fs.delete(path(id));
                touched.add(FileSystem.parent(path(id)));
                deleted++;
            }
        }
        for (String fan : touched.stream().distinct().toList()) {
            fs.syncDir(fan);
        }
        return deleted;
    }
}
