package io.tally.server.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A reply to an API call, independent of HTTP framing: status, content type, body and extra headers.
 * Immutable (the body array is not copied: do not change it after construction).
 */
public record ApiReply(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** Content type of JSON replies. */
    public static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ApiReply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** A JSON reply with the given status. */
    public static ApiReply json(int status, Object value) {
        try {
            return new ApiReply(status, JSON, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode reply " + value, e);
        }
    }

    /** The error shape of every API error: {@code {"error":{"code":..., "message":...}}}. */
    public static ApiReply error(int status, String code, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        return json(status, root);
    }

    /** This reply with one more header. */
    public ApiReply withHeader(String name, String value) {
        Map<String, String> h = new java.util.TreeMap<>(headers);
        h.put(name, value);
        return new ApiReply(status, contentType, body, h);
    }

    /** The body as UTF-8 text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
