package io.tally.storage.state;

import io.tally.storage.wal.WalCorruptionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A snapshot as one byte stream: a checkpoint directory's files behind a header, closed by a SHA-256 of
 * everything before it. Layout (big-endian):
 * <pre>
 *   "TSAR" | u32 version 1 | i64 index | i64 term | u32 metaLength | meta | u32 fileCount
 *   fileCount x ( u16 nameLength | name (UTF-8, [A-Za-z0-9._-], no "..") | i64 size | bytes[size] )
 *   sha256[32] of every byte before it
 * </pre>
 * The stream is sent in chunks by offset ({@link Source#read}) and rebuilt by {@link SnapshotReceiver}.
 * {@link #read} checks every length against the bytes left before reading and allocates only fixed
 * buffers; it throws only {@link WalCorruptionException} for bad input. Thread-safe (no shared state).
 */
public final class SnapshotArchive {

    static final int MAGIC = 0x54534152; // "TSAR"
    static final int VERSION = 1;
    static final int DIGEST_BYTES = 32;
    static final int META_BYTES_MAX = 1 << 20;
    static final int FILES_MAX = 100_000;
    static final int NAME_BYTES_MAX = 255;

    private SnapshotArchive() {
    }

    /** What the archive says about itself. */
    public record Header(long index, long term, byte[] meta) {
    }

    /** Receives the files of an archive being read. */
    public interface Sink {
        void beginFile(String name, long sizeBytes) throws IOException;

        void write(byte[] buf, int off, int len) throws IOException;

        void endFile() throws IOException;
    }

    /** A sink that keeps nothing (for verification and fuzzing). */
    public static final Sink DISCARD = new Sink() {
        @Override
        public void beginFile(String name, long sizeBytes) {
        }

        @Override
        public void write(byte[] buf, int off, int len) {
        }

        @Override
        public void endFile() {
        }
    };

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** An archive ready to be streamed from a checkpoint directory. */
    public static final class Source {
        private final byte[] head;
        private final List<Path> files;
        private final List<byte[]> fileHeads;
        private final List<Long> sizes;
        private final long totalBytes;
        private final byte[] digest;

        private Source(byte[] head, List<Path> files, List<byte[]> fileHeads, List<Long> sizes, byte[] digest) {
            this.head = head;
            this.files = files;
            this.fileHeads = fileHeads;
            this.sizes = sizes;
            this.digest = digest;
            long t = head.length + DIGEST_BYTES;
            for (int i = 0; i < files.size(); i++) {
                t += fileHeads.get(i).length + sizes.get(i);
            }
            this.totalBytes = t;
        }

        public long totalBytes() {
            return totalBytes;
        }

        /** SHA-256 of the archive (its last 32 bytes). */
        public byte[] digest() {
            return digest.clone();
        }

        /** Reads archive bytes at {@code offset} into {@code dst}; returns the count (0 at the end). */
        public int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
            int done = 0;
            long pos = 0;
            List<Object> parts = new ArrayList<>();
            parts.add(head);
            for (int i = 0; i < files.size(); i++) {
                parts.add(fileHeads.get(i));
                parts.add(i);
            }
            parts.add(digest);
            for (Object part : parts) {
                if (done == len) {
                    break;
                }
                long partLen = part instanceof byte[] b ? b.length : sizes.get((Integer) part);
                long at = offset + done;
                if (at < pos + partLen) {
                    int n = (int) Math.min(len - done, pos + partLen - at);
                    long within = at - pos;
                    if (part instanceof byte[] b) {
                        System.arraycopy(b, (int) within, dst, dstOff + done, n);
                    } else {
                        try (FileChannel ch = FileChannel.open(files.get((Integer) part), StandardOpenOption.READ)) {
                            ByteBuffer buf = ByteBuffer.wrap(dst, dstOff + done, n);
                            long p = within;
                            while (buf.hasRemaining()) {
                                int r = ch.read(buf, p);
                                if (r < 0) {
                                    throw new EOFException(files.get((Integer) part) + " shrank while being sent");
                                }
                                p += r;
                            }
                        }
                    }
                    done += n;
                }
                pos += partLen;
            }
            return done;
        }

        /** The whole archive in memory (for snapshots small enough to travel as one Raft snapshot). */
        public byte[] toBytes() throws IOException {
            if (totalBytes > Integer.MAX_VALUE - 16) {
                throw new IOException("snapshot of " + totalBytes + " bytes does not fit in one array; stream it in chunks");
            }
            byte[] all = new byte[(int) totalBytes];
            read(0, all, 0, all.length);
            return all;
        }
    }

    /** Prepares the archive of a checkpoint directory (reads every file once to compute the digest). */
    public static Source prepare(Path checkpointDir, long index, long term, byte[] meta) throws IOException {
        if (meta.length > META_BYTES_MAX) {
            throw new IllegalArgumentException("snapshot meta of " + meta.length + " bytes exceeds " + META_BYTES_MAX);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(checkpointDir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        ByteBuffer head = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + meta.length + 4);
        head.putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).putInt(meta.length).put(meta).putInt(files.size());
        MessageDigest md = sha256();
        md.update(head.array());
        List<byte[]> fileHeads = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            byte[] name = f.getFileName().toString().getBytes(StandardCharsets.UTF_8);
            long size = Files.size(f);
            ByteBuffer fh = ByteBuffer.allocate(2 + name.length + 8).putShort((short) name.length).put(name).putLong(size);
            fileHeads.add(fh.array());
            sizes.add(size);
            md.update(fh.array());
            try (InputStream in = Files.newInputStream(f)) {
                long left = size;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new EOFException(f + " shrank while being archived");
                    }
                    md.update(buf, 0, n);
                    left -= n;
                }
            }
        }
        return new Source(head.array(), files, fileHeads, sizes, md.digest());
    }

    /**
     * Reads an archive of {@code totalBytes} from {@code in}, passing its files to {@code sink}, and
     * verifies the digest. Throws {@link WalCorruptionException} (naming {@code name} and the offset) for
     * anything that is not a well-formed archive.
     */
    public static Header read(InputStream in, long totalBytes, Sink sink, String name) throws IOException {
        Reader r = new Reader(in, totalBytes, name);
        if (totalBytes < 32 + DIGEST_BYTES) {
            throw new WalCorruptionException(name, 0, "snapshot archive of " + totalBytes + " bytes is too short");
        }
        int magic = r.readInt();
        int version = r.readInt();
        if (magic != MAGIC || version != VERSION) {
            throw new WalCorruptionException(name, 0, "not a snapshot archive (magic/version " + Integer.toHexString(magic) + "/" + version + ")");
        }
        long index = r.readLong();
        long term = r.readLong();
        if (index < 0 || term < 0) {
            throw new WalCorruptionException(name, 8, "negative index or term " + index + "/" + term);
        }
        int metaLen = r.readInt();
        r.checkLength(metaLen, META_BYTES_MAX, "meta length");
        byte[] meta = r.readBytes(metaLen);
        int count = r.readInt();
        r.checkLength(count, FILES_MAX, "file count");
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < count; i++) {
            long at = r.offset;
            int nameLen = r.readShort() & 0xFFFF;
            r.checkLength(nameLen, NAME_BYTES_MAX, "file name length");
            String fileName = new String(r.readBytes(nameLen), StandardCharsets.UTF_8);
            if (fileName.isEmpty() || !fileName.matches("[A-Za-z0-9._-]+") || fileName.contains("..")) {
                throw new WalCorruptionException(name, at, "file name \"" + fileName + "\" is not a plain file name");
            }
            long size = r.readLong();
            if (size < 0 || size > r.remaining() - DIGEST_BYTES) {
                throw new WalCorruptionException(name, r.offset - 8, "file " + fileName + " claims " + size + " bytes, only "
                        + (r.remaining() - DIGEST_BYTES) + " are left");
            }
            sink.beginFile(fileName, size);
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(buf.length, left);
                r.readFully(buf, n);
                sink.write(buf, 0, n);
                left -= n;
            }
            sink.endFile();
        }
        if (r.remaining() != DIGEST_BYTES) {
            throw new WalCorruptionException(name, r.offset, (r.remaining() - DIGEST_BYTES) + " unexpected bytes before the digest");
        }
        byte[] expected = r.md.digest();
        byte[] stored = new byte[DIGEST_BYTES];
        r.readRaw(stored);
        if (!MessageDigest.isEqual(expected, stored)) {
            throw new WalCorruptionException(name, totalBytes - DIGEST_BYTES, "snapshot archive SHA-256 mismatch");
        }
        return new Header(index, term, meta);
    }

    /** Counts, hashes and bounds the bytes read. */
    private static final class Reader {
        final InputStream in;
        final long total;
        final String name;
        final MessageDigest md = sha256();
        final byte[] small = new byte[8];
        long offset;

        Reader(InputStream in, long total, String name) {
            this.in = in;
            this.total = total;
            this.name = name;
        }

        long remaining() {
            return total - offset;
        }

        void checkLength(int len, int max, String what) throws WalCorruptionException {
            if (len < 0 || len > max || len > remaining() - DIGEST_BYTES) {
                throw new WalCorruptionException(name, offset - 4, what + " " + len + " outside 0.." + Math.min(max, Math.max(0, remaining() - DIGEST_BYTES)));
            }
        }

        void readRaw(byte[] dst) throws IOException {
            int got = 0;
            while (got < dst.length) {
                int n = in.read(dst, got, dst.length - got);
                if (n < 0) {
                    throw new WalCorruptionException(name, offset + got, "snapshot archive ends early");
                }
                got += n;
            }
            offset += dst.length;
        }

        void readFully(byte[] dst, int len) throws IOException {
            if (len > remaining() - DIGEST_BYTES) {
                throw new WalCorruptionException(name, offset, "snapshot archive ends early");
            }
            int got = 0;
            while (got < len) {
                int n = in.read(dst, got, len - got);
                if (n < 0) {
                    throw new WalCorruptionException(name, offset + got, "snapshot archive ends early");
                }
                got += n;
            }
            md.update(dst, 0, len);
            offset += len;
        }

        byte[] readBytes(int len) throws IOException {
            byte[] b = new byte[len];
            readFully(b, len);
            return b;
        }

        int readInt() throws IOException {
            readFully(small, 4);
            return ByteBuffer.wrap(small, 0, 4).getInt();
        }

        short readShort() throws IOException {
            readFully(small, 2);
            return ByteBuffer.wrap(small, 0, 2).getShort();
        }

        long readLong() throws IOException {
            readFully(small, 8);
            return ByteBuffer.wrap(small, 0, 8).getLong();
        }
    }
}
