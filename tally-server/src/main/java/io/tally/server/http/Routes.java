package io.tally.server.http;

import io.tally.server.core.ApiRoute;
import java.util.Map;
import java.util.Optional;

/** The path table of the HTTP API: path to route, and the methods each accepts. Stateless. */
public final class Routes {

    /** Methods every current route accepts (the value of {@code Allow} on 405). */
    public static final String ALLOW = "GET, HEAD";

    private static final Map<String, ApiRoute> PATHS = Map.of(
        "/health", ApiRoute.HEALTH,
        "/v1/health", ApiRoute.HEALTH,
        "/v1/cluster", ApiRoute.CLUSTER,
        "/cluster", ApiRoute.CLUSTER,
        "/metrics", ApiRoute.METRICS);

    private Routes() {}

    /** The route of a path (without query string), if any. A trailing slash is ignored. */
    public static Optional<ApiRoute> route(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return Optional.ofNullable(PATHS.get(p));
    }
}
