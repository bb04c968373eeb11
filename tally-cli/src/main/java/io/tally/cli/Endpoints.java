package io.tally.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP access to a Tally cluster through a list of node endpoints ({@code host:port}): a request goes to the
 * current endpoint and, when that node cannot be reached or answers 503, to the next one (each endpoint once per
 * request). Any node takes any request (writes are forwarded to the leader), so the first reachable node does.
 * Thread-safe (the client is shared; the current endpoint is a hint).
 */
final class Endpoints {
    /** The answer and the endpoint that gave it. */
    record Reply(int status, String body, Map<String, List<String>> headers, String endpoint) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final List<String> endpoints;
    private final HttpClient http;
    private final Duration timeout;
    private volatile int current;

    Endpoints(List<String> endpoints, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("expected at least one endpoint (host:port)");
        }
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Parses {@code a:1,b:2} (a scheme prefix is accepted and dropped). */
    static List<String> parse(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            String e = s.trim();
            if (e.startsWith("http://")) {
                e = e.substring("http://".length());
            }
            while (e.endsWith("/")) {
                e = e.substring(0, e.length() - 1);
            }
            if (!e.matches("[^:/\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException("expected endpoints as host:port[,host:port...], got '" + s.trim() + "'");
            }
            out.add(e);
        }
        return out;
    }

    List<String> all() {
        return endpoints;
    }

    /**
     * Sends a request, trying the next endpoint on a connection failure or a 503.
     *
     * @param headers name, value, name, value...
     * @throws IOException when no endpoint answered (the message names each failure)
     */
    Reply send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        StringBuilder failures = new StringBuilder();
        Reply last = null;
        int start = current;
        for (int i = 0; i < endpoints.size(); i++) {
            int idx = (start + i) % endpoints.size();
            String ep = endpoints.get(idx);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + ep + path)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (int h = 0; h + 1 < headers.length; h += 2) {
                b.header(headers[h], headers[h + 1]);
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                last = new Reply(r.statusCode(), r.body(), r.headers().map(), ep);
                if (r.statusCode() != 503) {
                    current = idx;
                    return last;
                }
                failures.append(ep).append(": 503; ");
            } catch (IOException e) {
                failures.append(ep).append(": ").append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).append("; ");
            }
        }
        if (last != null) {
            return last;
        }
        throw new IOException("no endpoint answered (" + failures.toString().replaceAll("; $", "") + ")");
    }
}
