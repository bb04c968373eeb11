package io.tally.server.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tally.server.core.ApiReply;
import io.tally.server.raft.ClientRequest;
import io.tally.store.command.Bytes;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Limits;
import io.tally.store.command.Result;
import io.tally.store.command.Validation;
import io.tally.store.state.Queries;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses an HTTP request on a data route into a {@link ClientRequest}, or answers it at once with the error JSON
 * (400 bad input, 404 unknown route, 405 wrong method, 413 too large). Nothing is proposed for a request that
 * fails here. Routes ({@code P} = {@code /v1} for keyspace default or {@code /v1/ks/{keyspace}}):
 * <pre>
 *   POST P/counters/{key}  {"delta": n}     GET P/counters/{key}[?consistency=serializable]
 *   PUT|GET|DELETE P/kv/{key}               GET P/kv?prefix=&amp;limit=&amp;after=
 *   POST P/items  [{"id"|"ID": .., "tenant": ..}, ...]     GET P/items/{tenant}/count
 *   seed routes: POST /items, GET /items/{tenant}/count, POST|GET /kv/{key}
 * </pre>
 * Stateless; any thread.
 */
public final class DataRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Default page size of a key listing. */
    public static final int LIST_LIMIT_DEFAULT = 100;

    private DataRequests() {
    }

    /** Either a request to run or a reply to give at once. */
    public sealed interface Parsed {
        record Run(ClientRequest request) implements Parsed {}

        record Answer(ApiReply reply) implements Parsed {}
    }

    /** True if {@code path} belongs to the data routes. */
    public static boolean handles(String path) {
        return path.startsWith("/v1/counters") || path.startsWith("/v1/kv") || path.startsWith("/v1/items")
                || path.startsWith("/v1/ks/") || path.startsWith("/items") || path.startsWith("/kv/")
                || path.equals("/kv") || path.startsWith("/counters/");
    }

    /**
     * Parses one request.
     *
     * @param header the value of a request header, or null
     */
    public static Parsed parse(String method, String uri, Function<String, String> header, byte[] body) {
        QueryStringDecoder q = new QueryStringDecoder(uri);
        String raw = q.rawPath();
        List<String> segs = new ArrayList<>();
        for (String s : raw.split("/", -1)) {
            segs.add(QueryStringDecoder.decodeComponent(s));
        }
        // segs[0] is "" (leading slash)
        String keyspace = Queries.DEFAULT_KEYSPACE;
        int i = 1;
        if (segs.size() > 1 && segs.get(1).equals("v1")) {
            i = 2;
            if (segs.size() > 3 && segs.get(2).equals("ks")) {
                keyspace = segs.get(3);
                i = 4;
            }
        }
        if (segs.size() <= i) {
            return notFound(method, raw);
        }
        String kind = segs.get(i);
        List<String> rest = segs.subList(i + 1, segs.size());
        Map<String, List<String>> params = q.parameters();
        try {
            return switch (kind) {
                case "counters" -> counters(method, keyspace, rest, params, header, body, raw);
                case "kv" -> kv(method, keyspace, rest, params, header, body, raw, i == 1);
                case "items" -> items(method, keyspace, rest, params, header, body, raw);
                default -> notFound(method, raw);
            };
        } catch (BadInput e) {
            return new Parsed.Answer(ApiReply.error(400, "invalid_argument", e.getMessage()));
        }
    }

    private static Parsed counters(String method, String ks, List<String> rest, Map<String, List<String>> params,
                                   Function<String, String> header, byte[] body, String path) {
        String key = key(rest, path);
        if (key == null) {
            return notFound(method, path);
        }
        return switch (method) {
            case "GET", "HEAD" -> run(new Command.CounterRead(ks, key), serializable(params), 0);
            case "POST" -> {
                long delta = 1;
                JsonNode n = jsonBody(body, true);
                if (n != null) {
                    if (!n.isObject()) {
                        throw new BadInput("expected a JSON object like {\"delta\": 5}, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                    }
                    JsonNode d = n.get("delta");
                    if (d != null && !d.isNull()) {
                        if (!d.isIntegralNumber() || !d.canConvertToLong()) {
                            throw new BadInput("expected \"delta\" to be a 64-bit signed integer, got " + d);
                        }
                        delta = d.longValue();
                    }
                }
                yield run(new Command.CounterIncrement(ks, key, delta), false, idempotency(header));
            }
            default -> notAllowed(method, path, "GET, HEAD, POST");
        };
    }

    private static Parsed kv(String method, String ks, List<String> rest, Map<String, List<String>> params,
                             Function<String, String> header, byte[] body, String path, boolean seed) {
        if (rest.isEmpty() || (rest.size() == 1 && rest.get(0).isEmpty())) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return notAllowed(method, path, "GET, HEAD");
            }
            String prefix = param(params, "prefix", "");
            String after = param(params, "after", "");
            int limit = intParam(params, "limit", LIST_LIMIT_DEFAULT, 1, Limits.LIST_LIMIT_MAX);
            return run(new Command.ValueList(ks, prefix, after, limit), serializable(params), 0);
        }
        String key = key(rest, path);
        return switch (method) {
            case "GET", "HEAD" -> run(new Command.ValueGet(ks, key), serializable(params), 0);
            case "PUT", "POST" -> {
                if (method.equals("POST") && !seed) {
                    yield notAllowed(method, path, "GET, HEAD, PUT, DELETE");
                }
                String ct = header.apply("Content-Type");
                yield run(new Command.ValuePut(ks, key, Bytes.wrap(body), ct == null ? "" : ct, condition(header, true)), false, idempotency(header));
            }
            case "DELETE" -> run(new Command.ValueDelete(ks, key, condition(header, false)), false, idempotency(header));
            default -> notAllowed(method, path, seed ? "GET, HEAD, POST, PUT, DELETE" : "GET, HEAD, PUT, DELETE");
        };
    }

    private static Parsed items(String method, String ks, List<String> rest, Map<String, List<String>> params,
                                Function<String, String> header, byte[] body, String path) {
        if (rest.isEmpty()) {
            if (!method.equals("POST")) {
                return notAllowed(method, path, "POST");
            }
            JsonNode n = jsonBody(body, false);
            if (!n.isArray()) {
                throw new BadInput("expected a JSON array of {\"id\": .., \"tenant\": ..} objects");
            }
            if (n.size() > Limits.ITEMS_PER_BATCH_MAX) {
                return new Parsed.Answer(ApiReply.error(413, "too_large", "expected at most " + Limits.ITEMS_PER_BATCH_MAX
                        + " items in one batch, got " + n.size()));
            }
            List<Item> items = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                items.add(item(n.get(i), i));
            }
            return run(new Command.ItemsPut(ks, items), false, idempotency(header));
        }
        if (rest.size() == 2 && rest.get(1).equals("count")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return notAllowed(method, path, "GET, HEAD");
            }
            return run(new Command.ItemCount(ks, rest.get(0)), serializable(params), 0);
        }
        return notFound(method, path);
    }

    private static Item item(JsonNode o, int i) {
        if (!o.isObject()) {
            throw new BadInput("item " + i + ": expected an object like {\"id\": 1, \"tenant\": \"t\"}");
        }
        JsonNode id = o.has("id") ? o.get("id") : o.get("ID");
        if (o.has("id") && o.has("ID")) {
            throw new BadInput("item " + i + ": expected one of \"id\" or \"ID\", got both");
        }
        ItemId itemId;
        if (id == null || id.isNull()) {
            throw new BadInput("item " + i + ": missing \"id\"");
        } else if (id.isIntegralNumber() && id.canConvertToLong()) {
            itemId = new ItemId.Num(id.longValue());
        } else if (id.isTextual()) {
            itemId = new ItemId.Str(id.textValue());
        } else {
            throw new BadInput("item " + i + ": expected \"id\" to be an integer or a string, got " + id);
        }
        JsonNode t = o.get("tenant");
        if (t == null || !t.isTextual()) {
            throw new BadInput("item " + i + ": expected \"tenant\" to be a string, got " + (t == null ? "nothing" : t.toString()));
        }
        return new Item(itemId, t.textValue());
    }

    private static Parsed run(Command c, boolean serializable, long clientId) {
        Result.Error e = Validation.check(c);
        if (e != null) {
            return new Parsed.Answer(ApiReply.error(e.code().httpStatus(), e.code().code(), e.message()));
        }
        return new Parsed.Run(new ClientRequest(c, serializable, clientId, clientId == 0 ? 0 : 1));
    }

    private static String key(List<String> rest, String path) {
        if (rest.isEmpty()) {
            return null;
        }
        return String.join("/", rest);
    }

    private static boolean serializable(Map<String, List<String>> params) {
        String c = param(params, "consistency", "linearizable");
        return switch (c) {
            case "serializable", "stale", "local" -> true;
            case "linearizable", "strong" -> false;
            default -> throw new BadInput("expected consistency=linearizable or serializable, got " + c);
        };
    }

    private static Condition condition(Function<String, String> header, boolean put) {
        String ifMatch = header.apply("If-Match");
        String ifNone = header.apply("If-None-Match");
        if (ifMatch != null && ifNone != null) {
            throw new BadInput("expected at most one of If-Match and If-None-Match");
        }
        if (ifNone != null) {
            if (!put || !ifNone.trim().equals("*")) {
                throw new BadInput("expected If-None-Match: * (create only) on a put, got " + ifNone);
            }
            return Condition.IF_ABSENT;
        }
        if (ifMatch != null) {
            String v = ifMatch.trim();
            if (v.startsWith("W/")) {
                v = v.substring(2);
            }
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            try {
                long version = Long.parseLong(v);
                if (version < 1) {
                    throw new NumberFormatException();
                }
                return new Condition.IfMatch(version);
            } catch (NumberFormatException e) {
                throw new BadInput("expected If-Match: \"n\" with a version n >= 1 (an ETag this API gave), got " + ifMatch);
            }
        }
        return Condition.NONE;
    }

    /**
     * The client session of an {@code Idempotency-Key}: a non-zero id from its SHA-256, sequence 1, so a retry
     * with the same key is answered from the session instead of applied again.
     */
    static long idempotency(Function<String, String> header) {
        String k = header.apply("Idempotency-Key");
        if (k == null) {
            return 0;
        }
        if (k.isEmpty() || k.length() > 256) {
            throw new BadInput("expected an Idempotency-Key of 1 to 256 characters, got " + k.length());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8));
            long id = ByteBuffer.wrap(d).getLong();
            return id == 0 ? 1 : id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static JsonNode jsonBody(byte[] body, boolean optional) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return null;
            }
            throw new BadInput("expected a JSON body, got an empty one");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new BadInput("expected a JSON body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadInput("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadInput("malformed JSON: " + e.getMessage());
        }
    }

    private static String param(Map<String, List<String>> params, String name, String dflt) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? dflt : v.get(v.size() - 1);
    }

    private static int intParam(Map<String, List<String>> params, String name, int dflt, int min, int max) {
        String v = param(params, name, null);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInput("expected " + name + " between " + min + " and " + max + ", got " + v);
        }
    }

    private static Parsed notFound(String method, String path) {
        return new Parsed.Answer(ApiReply.error(404, "not_found", "no route " + method + " " + path));
    }

    private static Parsed notAllowed(String method, String path, String allow) {
        return new Parsed.Answer(ApiReply.error(405, "method_not_allowed", method + " is not allowed on " + path + "; allowed: " + allow)
                .withHeader("Allow", allow));
    }

    /** Bad input found while parsing; becomes a 400. */
    private static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }
}
