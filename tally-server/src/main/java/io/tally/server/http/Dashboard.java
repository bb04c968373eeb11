package io.tally.server.http;

import io.tally.server.core.ApiReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The operator dashboard at {@code GET /}: one self-contained HTML page (classpath resource {@code dashboard.html} next
 * to this class; no external scripts, styles or fonts) that polls {@code v1/cluster} and {@code metrics} every second
 * and offers a counter form. Served by the Netty thread from bytes loaded once; it never reaches the node loop.
 * Stateless; any thread.
 */
public final class Dashboard {
    /** Content type of the page. */
    public static final String HTML = "text/html; charset=utf-8";
    /** Methods the dashboard accepts. */
    public static final String ALLOW = "GET, HEAD";
    /** Scripts and styles only from the page itself: the page must stay self-contained. */
    static final String CONTENT_SECURITY_POLICY =
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";
    private static final String RESOURCE = "dashboard.html";
    private static final byte[] PAGE = load();

    private Dashboard() {
    }

    /** Whether {@code path} (without query string) is the dashboard: {@code /} or {@code /dashboard}. */
    public static boolean handles(String path) {
        return path.equals("/") || path.equals("/dashboard") || path.equals("/dashboard/");
    }

    /** The page for GET and HEAD; 405 with {@code Allow} for other methods. */
    public static ApiReply answer(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return ApiReply.error(405, "method_not_allowed", method + " is not allowed on the dashboard; allowed: " + ALLOW)
                .withHeader("Allow", ALLOW);
        }
        return new ApiReply(200, HTML, PAGE, Map.of("Cache-Control", "no-cache",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY, "X-Content-Type-Options", "nosniff"));
    }

    /** The page's bytes (for tests). */
    static byte[] page() {
        return PAGE.clone();
    }

    private static byte[] load() {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard page " + RESOURCE + " is missing from the classpath next to "
                    + Dashboard.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard page " + RESOURCE, e);
        }
    }
}
