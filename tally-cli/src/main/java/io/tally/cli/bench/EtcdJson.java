package io.tally.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Request bodies for etcd 3.4's v3 JSON gateway ({@code POST /v3/kv/put}, {@code /v3/kv/range}, {@code /v3/kv/txn}
 * on the client port) and the few answers the bench reads. Keys and values travel base64-encoded; 64-bit numbers
 * (revisions) are JSON strings; fields at their zero value (false, 0, empty) are left out of answers, so a failed
 * txn has no {@code succeeded} field and a missing key has no {@code kvs}. A counter is stored as its decimal text.
 * Pure functions, any thread.
 */
public final class EtcdJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Gateway paths. */
    public static final String PUT = "/v3/kv/put";
    public static final String RANGE = "/v3/kv/range";
    public static final String TXN = "/v3/kv/txn";

    private EtcdJson() {}

    /** The outcome of a compare-and-swap txn. */
    public sealed interface TxnResult {
        /** The compare held and the put was done; the key's mod revision is now {@code modRevision}. */
        record Swapped(long modRevision) implements TxnResult {}

        /** The compare failed; the key as the else branch read it (revision 0 and value 0 when absent). */
        record Conflict(long modRevision, long value) implements TxnResult {}
    }

    /** {@code {"key":..,"value":..}} for {@link #PUT}. */
    public static byte[] put(String key, byte[] value) {
        return ("{\"key\":\"" + b64(key) + "\",\"value\":\"" + B64.encodeToString(value) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** A range read of one key for {@link #RANGE}: linearizable (etcd's default) unless {@code serializable}. */
    public static byte[] range(String key, boolean serializable) {
        return ("{\"key\":\"" + b64(key) + "\"" + (serializable ? ",\"serializable\":true" : "") + "}")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A compare-and-swap increment for {@link #TXN}: if the key's mod revision is still {@code expectedModRevision}
     * (0 = the key does not exist) then put {@code newValue}, else read the key.
     */
    public static byte[] casPut(String key, long expectedModRevision, long newValue) {
        if (expectedModRevision < 0) {
            throw new IllegalArgumentException("expected a mod revision >= 0, got " + expectedModRevision);
        }
        String k = b64(key);
        return ("{\"compare\":[{\"target\":\"MOD\",\"result\":\"EQUAL\",\"key\":\"" + k + "\",\"mod_revision\":\""
            + expectedModRevision + "\"}],\"success\":[{\"request_put\":{\"key\":\"" + k + "\",\"value\":\""
            + b64(Long.toString(newValue)) + "\"}}],\"failure\":[{\"request_range\":{\"key\":\"" + k + "\"}}]}")
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads the answer to {@link #casPut}: on success the new mod revision is the answer header's revision (the
     * txn's own); on failure the key as the else branch's range returned it.
     *
     * @throws IllegalArgumentException when the answer is not such a txn answer (the message quotes it)
     */
    public static TxnResult parseTxn(byte[] answer) {
        JsonNode root = parse(answer);
        if (root.path("succeeded").asBoolean(false)) {
            long rev = number(root.path("header").path("revision"), "header.revision", answer);
            return new TxnResult.Swapped(rev);
        }
        JsonNode responses = root.path("responses");
        if (!responses.isArray() || responses.isEmpty() || !responses.get(0).has("response_range")) {
            throw new IllegalArgumentException("expected a failed txn answer with responses[0].response_range, got " + quote(answer));
        }
        JsonNode kvs = responses.get(0).path("response_range").path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) {
            return new TxnResult.Conflict(0, 0);
        }
        JsonNode kv = kvs.get(0);
        return new TxnResult.Conflict(number(kv.path("mod_revision"), "mod_revision", answer), counterValue(kv, answer));
    }

    /** The counter in a range answer: the first key's value as a decimal number, 0 when the key is absent. */
    public static long parseRangeCounter(byte[] answer) {
        JsonNode root = parse(answer);
        JsonNode kvs = root.path("kvs");
        if (!kvs.isArray() || kvs.isEmpty()) {
            if (!root.has("header")) {
                throw new IllegalArgumentException("expected a range answer with a header, got " + quote(answer));
            }
            return 0;
        }
        return counterValue(kvs.get(0), answer);
    }

    private static long counterValue(JsonNode kv, byte[] answer) {
        String text = kv.has("value") ? new String(B64D.decode(kv.path("value").asText()), StandardCharsets.UTF_8) : "0";
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a counter value as a decimal number, got '" + text + "' in " + quote(answer));
        }
    }

    private static long number(JsonNode n, String field, byte[] answer) {
        if (n.isMissingNode() || n.isNull()) {
            return 0; // the gateway leaves out zero values
        }
        try {
            return Long.parseLong(n.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected " + field + " as a number, got " + quote(answer));
        }
    }

    private static JsonNode parse(byte[] answer) {
        try {
            JsonNode n = JSON.readTree(answer);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got " + quote(answer));
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("expected JSON, got " + quote(answer), e);
        }
    }

    static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(byte[] answer) {
        String s = new String(answer, StandardCharsets.UTF_8);
        return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
    }
}
