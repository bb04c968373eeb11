package io.tally.storage.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic in-memory file system for crash tests and the simulator. No threads, no clock: all
 * randomness comes from the {@link Random} given at construction.
 *
 * <p>Model: every file has its current bytes and its synced bytes; every name lives in the current
 * directory tree and, once its parent is {@link #syncDir synced}, in the durable tree. {@link #crash()}
 * replaces the current tree with the durable one and every file's contents with its synced bytes, plus,
 * when the unsynced writes only appended, a random prefix of the appended bytes (a torn write: none,
 * some or all of it). Directories themselves are durable as soon as they are created. Handles opened
 * before a crash fail afterwards.
 *
 * <p>Single-threaded: confine an instance to one thread (the simulator's) or synchronize externally.
 */
public final class SimFileSystem implements FileSystem {

    private final Random random;
    private final TreeMap<String, Node> current = new TreeMap<>();
    private final TreeMap<String, Node> durable = new TreeMap<>();
    private final TreeSet<String> dirs = new TreeSet<>();
    private long generation;
    private long syncCount;

    public SimFileSystem(Random random) {
        this.random = random;
        dirs.add("");
    }

    /** Number of file syncs done since construction (for group-commit measurements). */
    public long syncCount() {
        return syncCount;
    }

    /**
     * Simulates power loss: unsynced bytes and unsynced names are lost, the last unsynced append of each
     * file may survive partially (torn). Open handles become invalid.
     */
    public void crash() {
        generation++;
        current.clear();
        for (Map.Entry<String, Node> e : durable.entrySet()) {
            e.getValue().crash(random);
            current.put(e.getKey(), e.getValue());
        }
        // Files only in the old current tree are gone; their nodes are unreachable.
    }

    /** Current bytes of a file (test helper). */
    public byte[] contents(String path) throws FileNotFoundException {
        Node n = node(path);
        return Arrays.copyOf(n.buf, n.len);
    }

    /**
     * Overwrites bytes of a file in place, durably (test helper to inject corruption at a chosen offset).
     */
    public void corrupt(String path, long offset, byte[] bytes) throws FileNotFoundException {
        Node n = node(path);
        if (offset < 0 || offset + bytes.length > n.len) {
            throw new IllegalArgumentException("corrupt range " + offset + "+" + bytes.length + " outside file of " + n.len + " bytes");
        }
        System.arraycopy(bytes, 0, n.buf, (int) offset, bytes.length);
        n.syncedCopy = null;
        n.syncedLen = n.len;
    }

    /** Cuts a file durably (test helper). */
    public void truncateDurably(String path, long sizeBytes) throws FileNotFoundException {
        Node n = node(path);
        n.len = (int) Math.min(n.len, sizeBytes);
        n.syncedCopy = null;
        n.syncedLen = n.len;
    }

    private Node node(String path) throws FileNotFoundException {
        Node n = current.get(path);
        if (n == null) {
            throw new FileNotFoundException(path);
        }
        return n;
    }

    @Override
    public String describe(String path) {
        return "sim:/" + path;
    }

    @Override
    public FileHandle open(String path, boolean create) throws IOException {
        Node n = current.get(path);
        if (n == null) {
            if (!create) {
                throw new FileNotFoundException(path);
            }
            if (!dirs.contains(FileSystem.parent(path))) {
                throw new FileNotFoundException("no directory " + FileSystem.parent(path) + " for " + path);
            }
            n = new Node();
            current.put(path, n);
        }
        return new Handle(n, generation);
    }

    @Override
    public boolean exists(String path) {
        return current.containsKey(path) || dirs.contains(path);
    }

    @Override
    public List<String> list(String dir) {
        List<String> names = new ArrayList<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        for (String p : current.keySet()) {
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
                names.add(p.substring(prefix.length()));
            }
        }
        for (String d : dirs) {
            if (!d.isEmpty() && d.startsWith(prefix) && d.indexOf('/', prefix.length()) < 0 && !d.equals(dir)) {
                names.add(d.substring(prefix.length()));
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void mkdirs(String dir) {
        String d = dir;
        while (!d.isEmpty()) {
            dirs.add(d);
            d = FileSystem.parent(d);
        }
    }

    @Override
    public void delete(String path) {
        if (current.remove(path) == null && !path.isEmpty() && list(path).isEmpty()) {
            dirs.remove(path);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Node n = current.remove(from);
        if (n == null) {
            throw new FileNotFoundException(from);
        }
        if (!dirs.contains(FileSystem.parent(to))) {
            throw new FileNotFoundException("no directory " + FileSystem.parent(to) + " for " + to);
        }
        current.put(to, n);
    }

    @Override
    public void syncDir(String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        durable.entrySet().removeIf(e -> directlyUnder(e.getKey(), prefix));
        for (Map.Entry<String, Node> e : current.entrySet()) {
            if (directlyUnder(e.getKey(), prefix)) {
                durable.put(e.getKey(), e.getValue());
            }
        }
    }

    private static boolean directlyUnder(String path, String prefix) {
        return path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0;
    }

    /** One file's bytes. Synced bytes are buf[0, syncedLen) unless syncedCopy holds them. */
    private static final class Node {
        byte[] buf = new byte[64];
        int len;
        int syncedLen;
        byte[] syncedCopy;

        /** Keeps the synced bytes aside before the current bytes below syncedLen change. */
        void preserveSynced(int from) {
            if (syncedCopy == null && from < syncedLen) {
                syncedCopy = Arrays.copyOf(buf, syncedLen);
            }
        }

        void crash(Random random) {
            if (syncedCopy != null) {
                buf = Arrays.copyOf(syncedCopy, Math.max(64, syncedCopy.length));
                len = syncedCopy.length;
            } else {
                int unsynced = len - syncedLen;
                int keep = switch (random.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> unsynced;
                    default -> unsynced == 0 ? 0 : random.nextInt(unsynced + 1);
                };
                len = syncedLen + keep;
            }
            syncedCopy = null;
            syncedLen = len;
        }
    }

    private final class Handle implements FileHandle {
        private final Node node;
        private final long openedGeneration;
        private boolean closed;

        Handle(Node node, long openedGeneration) {
            this.node = node;
            this.openedGeneration = openedGeneration;
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException("handle closed");
            }
            if (openedGeneration != generation) {
                throw new IOException("simulated crash: handle opened before the crash is invalid");
            }
        }

        @Override
        public long size() throws IOException {
            check();
            return node.len;
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            check();
            if (position >= node.len) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), node.len - position);
            dst.put(node.buf, (int) position, n);
            return n;
        }

        @Override
        public void append(ByteBuffer src) throws IOException {
            check();
            int n = src.remaining();
            long newLen = (long) node.len + n;
            if (newLen > Integer.MAX_VALUE - 16) {
                throw new IOException("simulated file too large: " + newLen);
            }
            if (newLen > node.buf.length) {
                node.buf = Arrays.copyOf(node.buf, (int) Math.max(newLen, Math.min(Integer.MAX_VALUE - 16L, node.buf.length * 2L)));
            }
            src.get(node.buf, node.len, n);
            node.len = (int) newLen;
        }

        @Override
        public void truncate(long sizeBytes) throws IOException {
            check();
            if (sizeBytes < node.len) {
                node.preserveSynced((int) sizeBytes);
                node.len = (int) sizeBytes;
            }
        }

        @Override
        public void sync() throws IOException {
            check();
            syncCount++;
            node.syncedCopy = null;
            node.syncedLen = node.len;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
