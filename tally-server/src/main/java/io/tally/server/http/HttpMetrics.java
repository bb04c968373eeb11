package io.tally.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * HTTP metrics: a timer of requests by route, method and status. Tag values come from small fixed sets
 * (unknown methods count as {@code OTHER}), so clients cannot grow the number of series. Thread-safe.
 */
final class HttpMetrics {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, String method, int status, long nanos) {
        Timer.builder("tally.http.requests")
            .description("HTTP requests served, by route, method and status")
            .tag("route", route)
            .tag("method", METHODS.contains(method) ? method : "OTHER")
            .tag("status", Integer.toString(status))
            .register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
    }
}
