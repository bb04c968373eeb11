package io.tally.cli.crash;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;

/**
 * What one HTTP attempt of a write tells the client: the server {@link #ANSWERED} (the reply carries the outcome, e.g.
 * 200 or a 409 of a failed compare-and-set), the write was certainly {@link #NOT_APPLIED} (it may be retried or
 * dropped from the history), or its effect is {@link #UNKNOWN} (it may or may not take effect, now or later).
 *
 * <p>The rules follow what the node promises (docs/strong.md, {@code RaftDriver}, {@code ApiHandler}):
 * <ul>
 *   <li>2xx, 404 and the 409s of a condition ({@code version_mismatch}, {@code already_exists}): answered;</li>
 *   <li>other 4xx: bad input, refused before anything was proposed: not applied;</li>
 *   <li>503 {@code unavailable}/{@code overloaded} whose message does not say the write "may still be applied", is
 *       "unknown" or the node "is stopping": not applied (the node never proposed it, or its entry was replaced);</li>
 *   <li>any other 5xx (503 {@code timeout}, 500): unknown;</li>
 *   <li>a refused or timed-out connect: not applied (nothing was sent); any other I/O error (reset, EOF, the request
 *       timing out after it was sent): unknown.</li>
 * </ul>
 * Pure; any thread.
 */
public enum Attempt {
    ANSWERED, NOT_APPLIED, UNKNOWN;

    /** Reads a reply of a write: its status and error JSON body. */
    public static Attempt ofReply(int status, String body) {
        if (status >= 200 && status < 300 || status == 404) {
            return ANSWERED;
        }
        String b = body == null ? "" : body;
        if (status == 409) {
            return b.contains("\"version_mismatch\"") || b.contains("\"already_exists\"") ? ANSWERED : NOT_APPLIED;
        }
        if (status >= 400 && status < 500) {
            return NOT_APPLIED;
        }
        if (status == 503 && (b.contains("\"unavailable\"") || b.contains("\"overloaded\""))
                && !b.contains("may still be applied") && !b.contains("unknown") && !b.contains("is stopping\"")) {
            return NOT_APPLIED;
        }
        return UNKNOWN;
    }

    /** Reads an I/O failure of the HTTP client. */
    public static Attempt ofFailure(IOException e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException ? NOT_APPLIED : UNKNOWN;
    }
}
