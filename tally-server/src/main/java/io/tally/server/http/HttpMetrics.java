package io.tally.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** HTTP metrics: a timer of requests by route, method and status. Thread-safe. */
final class HttpMetrics {
    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, String method, int status, long nanos) {
        Timer.builder("tally.http.requests")
            .description("HTTP requests served, by route, method and status")
            .tag("route", route)
            .tag("method", method)
            .tag("status", Integer.toString(status))
            .register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
    }
}
