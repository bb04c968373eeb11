package io.tally.server.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An opened data directory: holds the exclusive lock on {@code DIR/LOCK} until {@link #close()} and knows
 * the node's {@link NodeIdentity} from {@code DIR/identity.json}.
 *
 * <p>Rules checked by {@link #open}: a directory locked by a running node is refused; on the first start
 * the identity (given or generated node id, cluster name, and a generated cluster id if this node founds
 * the cluster, else an empty one) is written atomically (temp file, fsync, rename, fsync of the
 * directory); on a restart a configured node id or cluster name that differs from the stored one is
 * refused. A node that did not found its cluster learns the cluster id from its first peer and stores
 * it with {@link #adoptClusterId}; from then on the transport refuses peers of another cluster id.
 * Open, adopt and close from one thread at a time; {@link #identity()} may be read from any thread.
 */
public final class DataDir implements AutoCloseable {

    /** Name of the identity file inside the data dir. */
    public static final String IDENTITY_FILE = "identity.json";
    /** Name of the lock file inside the data dir. */
    public static final String LOCK_FILE = "LOCK";
    private static final int FORMAT = 1;
    private static final int IDENTITY_BYTES_MAX = 64 * 1024;

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile NodeIdentity identity;
    private final boolean created;

    private DataDir(Path dir, FileChannel lockChannel, FileLock lock, NodeIdentity identity, boolean created) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.identity = identity;
        this.created = created;
    }

    /**
     * Opens (creating if needed) the data dir, takes its lock and loads or creates the identity.
     *
     * @param configuredId the node id from the config, if any
     * @param clusterName the configured cluster name
     * @param founder whether this node founds its cluster (then it generates the cluster id on its
     *     first start; otherwise it adopts the id of the cluster it joins)
     * @param random source of generated ids
     * @throws DataDirException naming the directory and the reason
     */
    public static DataDir open(Path dir, Optional<String> configuredId, String clusterName, boolean founder,
            SecureRandom random) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new DataDirException("data dir " + abs + ": cannot create it: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(abs)) {
            throw new DataDirException("data dir " + abs + ": not a directory");
        }
        Path lockPath = abs.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DataDirException("data dir " + abs + ": cannot open its lock file " + lockPath + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirException("data dir " + abs + ": cannot lock " + lockPath + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String holder = readHolder(lockPath);
            closeQuietly(channel);
            throw new DataDirException("data dir " + abs + " is in use by another running node" + holder
                + "; stop that node or choose another --data-dir");
        }
        try {
            writeHolder(channel);
            Path idFile = abs.resolve(IDENTITY_FILE);
            Optional<NodeIdentity> stored = read(idFile);
            NodeIdentity identity;
            boolean created = stored.isEmpty();
            if (stored.isPresent()) {
                identity = stored.get();
                if (!identity.clusterName().equals(clusterName)) {
                    throw new DataDirException("data dir " + abs + " belongs to cluster '" + identity.clusterName()
                        + "' (id " + identity.clusterId() + "), not to cluster '" + clusterName
                        + "'; use --cluster " + identity.clusterName() + " or another --data-dir");
                }
                if (configuredId.isPresent() && !configuredId.get().equals(identity.nodeId())) {
                    throw new DataDirException("data dir " + abs + " belongs to node '" + identity.nodeId()
                        + "', not to --id '" + configuredId.get() + "'; use --id " + identity.nodeId()
                        + " (or omit --id) or another --data-dir");
                }
            } else {
                String nodeId = configuredId.orElseGet(() -> "node-" + hex(random, 4));
                identity = new NodeIdentity(nodeId, clusterName, founder ? hex(random, 8) : "");
                writeAtomically(abs, idFile, identity);
            }
            return new DataDir(abs, channel, lock, identity, created);
        } catch (RuntimeException e) {
            releaseQuietly(lock);
            closeQuietly(channel);
            throw e;
        }
    }

    /** The data dir's absolute path. */
    public Path path() {
        return dir;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /**
     * Stores the cluster id learned from a peer, if this node has none yet.
     *
     * @return the identity now in force
     * @throws IllegalStateException if a different cluster id is already stored (never overwritten)
     */
    public NodeIdentity adoptClusterId(String clusterId) {
        NodeIdentity current = identity;
        if (current.clusterId().equals(clusterId)) {
            return current;
        }
        if (!current.clusterId().isEmpty() || clusterId.isEmpty()) {
            throw new IllegalStateException("data dir " + dir + " has cluster id '" + current.clusterId()
                + "'; refusing to replace it with '" + clusterId + "'");
        }
        NodeIdentity next = new NodeIdentity(current.nodeId(), current.clusterName(), clusterId);
        writeAtomically(dir, dir.resolve(IDENTITY_FILE), next);
        identity = next;
        return next;
    }

    /** True when this open created the identity (the first start of this data dir). */
    public boolean created() {
        return created;
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        releaseQuietly(lock);
        closeQuietly(lockChannel);
    }

    private static Optional<NodeIdentity> read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > IDENTITY_BYTES_MAX) {
                throw new DataDirException(file + ": larger than " + IDENTITY_BYTES_MAX + " bytes; not an identity file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new DataDirException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonNode n = new ObjectMapper().readTree(bytes);
            if (n == null || !n.isObject() || n.path("format").asInt() != FORMAT
                || !n.path("nodeId").isTextual() || !n.path("clusterName").isTextual() || !n.path("clusterId").isTextual()) {
                throw new DataDirException(file + ": not a format-" + FORMAT
                    + " identity file (expected nodeId, clusterName, clusterId); refusing to start on corrupt state");
            }
            return Optional.of(new NodeIdentity(n.get("nodeId").asText(), n.get("clusterName").asText(), n.get("clusterId").asText()));
        } catch (IOException e) {
            throw new DataDirException(file + ": not valid JSON (" + e.getMessage() + "); refusing to start on corrupt state", e);
        }
    }

    private static void writeAtomically(Path dir, Path file, NodeIdentity identity) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode n = json.createObjectNode();
        n.put("format", FORMAT);
        n.put("nodeId", identity.nodeId());
        n.put("clusterName", identity.clusterName());
        n.put("clusterId", identity.clusterId());
        byte[] bytes;
        try {
            bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode identity " + identity, e);
        }
        Path tmp = dir.resolve(IDENTITY_FILE + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DataDirException("data dir " + dir + ": the file system cannot rename atomically", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new DataDirException(file + ": cannot write the identity: " + e.getMessage(), e);
        }
    }

    private static void writeHolder(FileChannel channel) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            throw new DataDirException("cannot write the lock file: " + e.getMessage(), e);
        }
    }

    private static String readHolder(Path lockPath) {
        try {
            String s = Files.readString(lockPath, StandardCharsets.UTF_8).strip();
            return s.matches("pid \\d{1,10}") ? " (" + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
