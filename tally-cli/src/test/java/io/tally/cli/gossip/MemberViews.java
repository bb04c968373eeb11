package io.tally.cli.gossip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads what a running node reports in {@code GET /v1/cluster} and waits for conditions with deadlines
 * (polling, never sleeping as a guess). Any thread.
 */
public final class MemberViews {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** The {@code members} of a node's {@code /v1/cluster} by id, or empty if it does not answer. */
    public Optional<Map<String, JsonNode>> members(String httpAddress) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://" + httpAddress + "/v1/cluster"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                return Optional.empty();
            }
            Map<String, JsonNode> out = new TreeMap<>();
            json.readTree(res.body()).path("members").forEach(m -> out.put(m.path("id").asText(), m));
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The state (alive, suspect, dead, left) node {@code httpAddress} reports for {@code memberId}, or "". */
    public String state(String httpAddress, String memberId) {
        return members(httpAddress).map(m -> m.containsKey(memberId) ? m.get(memberId).path("state").asText() : "")
            .orElse("");
    }

    /** The incarnation node {@code httpAddress} reports for {@code memberId}, or -1. */
    public long incarnation(String httpAddress, String memberId) {
        return members(httpAddress).map(m -> m.containsKey(memberId) ? m.get(memberId).path("incarnation").asLong(-1) : -1L)
            .orElse(-1L);
    }

    /**
     * Polls {@code condition} every 50 ms until it holds; fails with {@code what} after {@code deadline}.
     *
     * @return the time it took, in milliseconds
     */
    public static long await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting until " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling interval of a deadline-bounded wait
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
