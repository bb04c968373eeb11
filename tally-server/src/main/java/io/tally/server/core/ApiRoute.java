package io.tally.server.core;

/** The API operations the core answers. The HTTP layer maps paths and methods to these. */
public enum ApiRoute {
    /** {@code GET /health}. */
    HEALTH,
    /** {@code GET /v1/cluster}. */
    CLUSTER,
    /** {@code GET /metrics}. */
    METRICS
}
