package io.tally.server.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.server.config.HostPort;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer addresses of the members a node last knew alive, kept in the data dir
 * ({@value #FILE_NAME}) so that a restarted node rejoins through them without {@code --join}. Written
 * atomically (temp file, fsync, rename), by {@link #write} on the caller's thread or by {@link #writeAsync}
 * on this object's own writer thread (latest snapshot wins); read once at start. A missing or unreadable file means no known members (logged), never a failure.
 */
public final class KnownMembersFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnownMembersFile.class);
    public static final String FILE_NAME = "gossip-members.json";
    /** Most members kept. */
    public static final int MEMBERS_MAX = 4_096;
    private static final long FILE_BYTES_MAX = 1L << 20;

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gossip-members-writer");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicReference<Map<String, HostPort>> next =
        new java.util.concurrent.atomic.AtomicReference<>();

    public KnownMembersFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Member id to peer address, as last written; empty if there is no usable file. */
    public Map<String, HostPort> read() {
        Map<String, HostPort> out = new java.util.TreeMap<>();
        try {
            if (Files.size(file) > FILE_BYTES_MAX) {
                LOG.warn("{} is larger than {} bytes; ignoring it", file, FILE_BYTES_MAX);
                return out;
            }
            JsonNode root = json.readTree(Files.readAllBytes(file));
            for (JsonNode m : root.path("members")) {
                if (out.size() >= MEMBERS_MAX) {
                    break;
                }
                try {
                    out.put(m.path("id").asText(), HostPort.parse(m.path("peer").asText()));
                } catch (IllegalArgumentException e) {
                    LOG.debug("{}: skipping member {}: {}", file, m, e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); starting without known members", file, e.getMessage());
        }
        return out;
    }

    /** Replaces the file with these members (id to peer address). */
    public void write(Map<String, HostPort> members) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", 1);
        ArrayNode arr = root.putArray("members");
        members.entrySet().stream().limit(MEMBERS_MAX).forEach(e -> {
            ObjectNode m = arr.addObject();
            m.put("id", e.getKey());
            m.put("peer", e.getValue().toString());
        });
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(json.writeValueAsBytes(root)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Queues a write of this snapshot on the writer thread; a later snapshot replaces one not yet written. Any thread. */
    public void writeAsync(Map<String, HostPort> members) {
        if (next.getAndSet(Map.copyOf(members)) != null) {
            return; // a write is already queued; it will take the newest snapshot
        }
        try {
            writer.execute(() -> {
                Map<String, HostPort> m = next.getAndSet(null);
                if (m == null) {
                    return;
                }
                try {
                    write(new java.util.TreeMap<>(m));
                } catch (IOException e) {
                    LOG.warn("cannot write {} ({}); a restart will need --join", file, e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            next.set(null);
        }
    }

    /** Finishes a queued write (bounded wait) and stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The peer addresses of a read result, as join seeds. */
    public static List<HostPort> seeds(Map<String, HostPort> members) {
        return new ArrayList<>(members.values());
    }
}
