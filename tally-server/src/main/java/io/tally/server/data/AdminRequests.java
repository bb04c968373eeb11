package io.tally.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.raft.ConfChange;
import io.tally.server.config.ConfigValues;
import io.tally.server.core.ApiReply;
import io.tally.server.raft.AdminOp;
import java.io.IOException;
import java.util.Optional;

/**
 * Parses the cluster administration routes into an {@link AdminOp}, or answers bad input at once:
 * <pre>
 *   POST   /v1/cluster/members            {"id": "n4", "role": "learner"|"voter"}   (default learner)
 *   POST   /v1/cluster/members/{id}/promote
 *   DELETE /v1/cluster/members/{id}
 *   POST   /v1/cluster/leader             {"id": "n2"}                               (leadership transfer)
 * </pre>
 * Any node takes them: the Raft driver of a follower answers 503 naming the leader in {@code Tally-Leader}, and the
 * HTTP layer then forwards the request to the leader once ({@link io.tally.server.http.AdminForwarder}). Stateless;
 * any thread.
 */
public final class AdminRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminRequests() {
    }

    /** Either an operation or a reply to give at once. */
    public sealed interface Parsed {
        record Run(AdminOp op) implements Parsed {}

        record Answer(ApiReply reply) implements Parsed {}
    }

    public static boolean handles(String path) {
        return path.startsWith("/v1/cluster/");
    }

    public static Parsed parse(String method, String path, byte[] body) {
        String[] seg = path.substring("/v1/cluster/".length()).split("/", -1);
        try {
            if (seg[0].equals("members")) {
                if (seg.length == 1 && method.equals("POST")) {
                    JsonNode n = json(body);
                    String role = n.path("role").asText("learner");
                    ConfChange.Type t = switch (role) {
                        case "learner" -> ConfChange.Type.ADD_LEARNER;
                        case "voter" -> ConfChange.Type.ADD_VOTER;
                        default -> throw new IllegalArgumentException("expected \"role\" learner or voter, got " + role);
                    };
                    return change(t, id(n));
                }
                if (seg.length == 2 && method.equals("DELETE")) {
                    return change(ConfChange.Type.REMOVE, ConfigValues.name(seg[1]));
                }
                if (seg.length == 3 && seg[2].equals("promote") && method.equals("POST")) {
                    return change(ConfChange.Type.PROMOTE, ConfigValues.name(seg[1]));
                }
            } else if (seg.length == 1 && seg[0].equals("leader") && method.equals("POST")) {
                return new Parsed.Run(new AdminOp.TransferLeader(id(json(body))));
            }
        } catch (IllegalArgumentException e) {
            return new Parsed.Answer(ApiReply.error(400, "invalid_argument", e.getMessage()));
        }
        return new Parsed.Answer(ApiReply.error(404, "not_found", "no route " + method + " " + path
                + " (cluster routes: POST /v1/cluster/members, POST /v1/cluster/members/{id}/promote,"
                + " DELETE /v1/cluster/members/{id}, POST /v1/cluster/leader)"));
    }

    private static Parsed change(ConfChange.Type t, String id) {
        return new Parsed.Run(new AdminOp.Change(ConfChange.of(t, id)));
    }

    private static String id(JsonNode n) {
        JsonNode id = n.get("id");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("expected {\"id\": \"<node id>\"}");
        }
        return ConfigValues.name(id.textValue());
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object body");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
    }

    /** Convenience for callers that have the optional op. */
    public static Optional<AdminOp> op(Parsed p) {
        return p instanceof Parsed.Run r ? Optional.of(r.op()) : Optional.empty();
    }
}
