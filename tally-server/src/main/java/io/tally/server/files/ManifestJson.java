package io.tally.server.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Limits;
import io.tally.wire.files.FilesCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON form of a file manifest, body of {@code PUT /v1/files/{name}} with Content-Type
 * {@value #MEDIA_TYPE} (committing chunks uploaded before with {@code PUT /v1/chunks/{sha256}}):
 * <pre>
 *   {"size": 3145728, "sha256": "64 hex", "content_type": "application/zip",
 *    "chunks": [{"sha256": "64 hex", "size": 1048576}, ...]}
 * </pre>
 * {@code content_type} is optional (default application/octet-stream). Pure; any thread.
 */
public final class ManifestJson {
    /** Content-Type of a manifest body. */
    public static final String MEDIA_TYPE = "application/vnd.tally.manifest+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestJson() {
    }

    /** Thrown for a body that is not a well-formed manifest; the message says what was expected. */
    public static final class BadManifest extends Exception {
        BadManifest(String message) {
            super(message);
        }
    }

    /** Parses a manifest body for file {@code name}. */
    public static FileManifest parse(String name, byte[] body) throws BadManifest {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadManifest("expected a JSON manifest {\"size\":..,\"sha256\":..,\"chunks\":[{\"sha256\":..,\"size\":..}]}: "
                + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadManifest("cannot read the manifest: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new BadManifest("expected a JSON object as manifest");
        }
        JsonNode size = n.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new BadManifest("expected \"size\" to be a non-negative integer, got " + size);
        }
        Bytes sha = sha(n.get("sha256"), "\"sha256\"");
        JsonNode ct = n.get("content_type");
        String contentType = ct == null || ct.isNull() ? "application/octet-stream" : ct.isTextual() ? ct.asText() : null;
        if (contentType == null) {
            throw new BadManifest("expected \"content_type\" to be a string, got " + ct);
        }
        JsonNode chunks = n.get("chunks");
        if (chunks == null || !chunks.isArray()) {
            throw new BadManifest("expected \"chunks\" to be an array of {\"sha256\":..,\"size\":..}");
        }
        if (chunks.size() > Limits.CHUNKS_PER_FILE_MAX) {
            throw new BadManifest("expected at most " + Limits.CHUNKS_PER_FILE_MAX + " chunks, got " + chunks.size());
        }
        List<ChunkRef> refs = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode c = chunks.get(i);
            if (!c.isObject()) {
                throw new BadManifest("expected chunk " + i + " to be an object {\"sha256\":..,\"size\":..}");
            }
            JsonNode cs = c.get("size");
            if (cs == null || !cs.isInt() || cs.asInt() < 1 || cs.asInt() > FilesCodec.CHUNK_BYTES_MAX) {
                throw new BadManifest("expected the size of chunk " + i + " to be 1.." + FilesCodec.CHUNK_BYTES_MAX + ", got " + cs);
            }
            refs.add(new ChunkRef(sha(c.get("sha256"), "the sha256 of chunk " + i), cs.asInt()));
        }
        return new FileManifest(name, size.asLong(), contentType, sha, refs);
    }

    /** Renders {@code m} (without its name) in the body format {@link #parse} reads. */
    public static byte[] render(FileManifest m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("size", m.sizeBytes());
        n.put("sha256", HexFormat.of().formatHex(m.sha256().array()));
        n.put("content_type", m.contentType());
        ArrayNode arr = n.putArray("chunks");
        for (ChunkRef c : m.chunks()) {
            arr.addObject().put("sha256", c.hex()).put("size", c.sizeBytes());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render a manifest", e);
        }
    }

    private static Bytes sha(JsonNode n, String what) throws BadManifest {
        if (n == null || !n.isTextual() || !FilesCodec.isChunkId(n.asText())) {
            throw new BadManifest("expected " + what + " to be 64 lowercase hex chars (a SHA-256), got " + n);
        }
        return Bytes.wrap(HexFormat.of().parseHex(n.asText()));
    }
}
