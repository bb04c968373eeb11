package io.tally.server.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.server.core.ApiReply;
import io.tally.server.raft.Outcome;
import io.tally.store.command.Result;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link Outcome} as the HTTP reply of DESIGN.md: JSON bodies, a value's own bytes and Content-Type with
 * its version as {@code ETag: "n"}, data-layer errors with their code's status, and 503 with {@code Retry-After}
 * when unavailable. Stateless; any thread.
 */
public final class DataReplies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DataReplies() {
    }

    public static ApiReply render(Outcome o) {
        return switch (o) {
            case Outcome.Unavailable u -> ApiReply.error(503, "unavailable", u.reason()).withHeader("Retry-After", "1");
            case Outcome.Done d -> render(d.result());
        };
    }

    static ApiReply render(Result r) {
        ObjectNode n = JSON.createObjectNode();
        return switch (r) {
            case Result.Error e -> ApiReply.error(e.code().httpStatus(), e.code().code(), e.message());
            case Result.CounterValue c -> {
                n.put("key", c.key());
                n.put("value", c.value());
                yield ApiReply.json(200, n);
            }
            case Result.ValueWritten w -> {
                n.put("key", w.key());
                n.put("version", w.version());
                yield ApiReply.json(200, n).withHeader("ETag", etag(w.version()));
            }
            case Result.Value v -> new ApiReply(200, v.contentType().isEmpty() ? "application/octet-stream" : v.contentType(),
                    v.value().array(), Map.of("ETag", etag(v.version())));
            case Result.Deleted d -> {
                if (!d.existed()) {
                    yield ApiReply.error(404, "not_found", "key \"" + d.key() + "\" does not exist");
                }
                n.put("key", d.key());
                n.put("deleted", true);
                yield ApiReply.json(200, n);
            }
            case Result.KeyListing l -> {
                ArrayNode keys = n.putArray("keys");
                for (Result.KeyEntry k : l.keys()) {
                    ObjectNode o = keys.addObject();
                    o.put("key", k.key());
                    o.put("kind", k.kind().name().toLowerCase(Locale.ROOT));
                    o.put("version", k.version());
                }
                if (l.nextAfter().isEmpty()) {
                    n.putNull("next");
                } else {
                    n.put("next", l.nextAfter());
                }
                yield ApiReply.json(200, n);
            }
            case Result.ItemsAccepted a -> {
                n.put("accepted", a.accepted());
                yield ApiReply.json(200, n);
            }
            case Result.Count c -> {
                n.put("tenant", c.tenant());
                n.put("count", c.count());
                yield ApiReply.json(200, n);
            }
            case Result.KeyspaceInfo k -> {
                n.put("name", k.name());
                n.put("consistency", k.consistency().name().toLowerCase(Locale.ROOT));
                n.put("replicas", k.replicas());
                n.put("created", k.created());
                yield ApiReply.json(k.created() ? 201 : 200, n);
            }
            case Result.FileWritten f -> {
                n.put("name", f.name());
                n.put("version", f.version());
                n.put("size", f.sizeBytes());
                n.put("sha256", HexFormat.of().formatHex(f.sha256().array()));
                yield ApiReply.json(200, n);
            }
            case Result.FileInfo f -> {
                n.put("name", f.manifest().name());
                n.put("version", f.version());
                yield ApiReply.json(200, n);
            }
            case Result.FileListing l -> {
                ArrayNode files = n.putArray("files");
                for (Result.FileEntry f : l.files()) {
                    ObjectNode o = files.addObject();
                    o.put("name", f.name());
                    o.put("size", f.sizeBytes());
                    o.put("sha256", HexFormat.of().formatHex(f.sha256().array()));
                    o.put("content_type", f.contentType());
                    o.put("version", f.version());
                }
                if (l.nextAfter().isEmpty()) {
                    n.putNull("next");
                } else {
                    n.put("next", l.nextAfter());
                }
                yield ApiReply.json(200, n);
            }
        };
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }
}
