package io.tally.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real file system under a root directory: {@link FileChannel} reads and appends,
 * {@code force(true)} for sync, atomic rename and directory fsync. With {@code fsync=false} (tests
 * and benchmarks only) every sync is a no-op and a warning is logged at construction.
 * Instances are thread-safe; each {@link FileHandle} is confined to one writer thread.
 */
public final class RealFileSystem implements FileSystem {

    private static final Logger LOG = LoggerFactory.getLogger(RealFileSystem.class);

    private final Path root;
    private final boolean fsync;

    public RealFileSystem(Path root, boolean fsync) throws IOException {
        this.root = root.toAbsolutePath();
        this.fsync = fsync;
        Files.createDirectories(this.root);
        if (!fsync) {
            LOG.warn("*** fsync=false: writes under {} are NOT durable; a crash or power loss loses acknowledged data."
                    + " Use only for tests and benchmarks. ***", this.root);
        }
    }

    public Path root() {
        return root;
    }

    public boolean fsyncEnabled() {
        return fsync;
    }

    private Path resolve(String path) {
        return path.isEmpty() ? root : root.resolve(path);
    }

    @Override
    public String describe(String path) {
        return resolve(path).toString();
    }

    @Override
    public FileHandle open(String path, boolean create) throws IOException {
        FileChannel ch = create
                ? FileChannel.open(resolve(path), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(resolve(path), StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Handle(ch);
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public List<String> list(String dir) throws IOException {
        Path d = resolve(dir);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(d)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void mkdirs(String dir) throws IOException {
        Files.createDirectories(resolve(dir));
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void syncDir(String dir) throws IOException {
        if (!fsync) {
            return;
        }
        syncDirectory(resolve(dir));
    }

    /** Fsyncs a directory so that the names in it are durable (Linux; a no-op where unsupported). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some platforms cannot open or fsync a directory; Linux can, which is what we run on.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return;
            }
            throw e;
        }
    }

    private final class Handle implements FileHandle {
        private final FileChannel ch;
        /** Tracked here so appends need no fstat; this handle is the file's only writer. */
        private long size;

        Handle(FileChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public void append(ByteBuffer src) throws IOException {
            long pos = size;
            while (src.hasRemaining()) {
                pos += ch.write(src, pos);
            }
            size = pos;
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            ch.truncate(sizeBytes);
            size = Math.min(size, sizeBytes);
        }

        @Override
        public void sync() throws IOException {
            if (fsync) {
                ch.force(false);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
