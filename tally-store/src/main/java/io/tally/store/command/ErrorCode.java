package io.tally.store.command;

/**
 * Stable error codes of the data layer. {@link #code()} is the string that goes into the error JSON
 * ({@code {"error":{"code":...,"message":...}}}) and {@link #httpStatus()} the status the HTTP layer answers with.
 * Codes are part of the public contract: never rename one.
 */
public enum ErrorCode {
    /** Input breaks a validation rule (empty or over-long key, bad name, bad manifest...). */
    INVALID_ARGUMENT("invalid_argument", 400),
    /** A counter increment would leave the 64-bit signed range; nothing was applied. */
    COUNTER_OVERFLOW("counter_overflow", 400),
    /** Input is larger than a limit (value body, batch size, file). */
    TOO_LARGE("too_large", 413),
    /** The keyspace does not exist. */
    KEYSPACE_NOT_FOUND("keyspace_not_found", 404),
    /** The keyspace exists but is not replicated by Raft (eventual keyspaces are served by gossip). */
    KEYSPACE_NOT_STRONG("keyspace_not_strong", 400),
    /** A keyspace of that name exists with other settings. */
    KEYSPACE_EXISTS("keyspace_exists", 409),
    /** The key, value or file does not exist. */
    NOT_FOUND("not_found", 404),
    /** If-Match named a version other than the current one (or the key is absent). */
    VERSION_MISMATCH("version_mismatch", 409),
    /** If-None-Match: * and the key exists. */
    ALREADY_EXISTS("already_exists", 409),
    /** The key holds the other type (a counter used as a value or the reverse). */
    WRONG_TYPE("wrong_type", 409),
    /** The client session expired (a sequence above 1 for an unknown session): open a new session. */
    SESSION_EXPIRED("session_expired", 409),
    /** A sequence number older than the session's last: its answer was discarded. */
    SESSION_STALE("session_stale", 409),
    /** The log entry did not decode as a command (a bug in the proposer; nothing applied). */
    MALFORMED_COMMAND("malformed_command", 400);

    private final String code;
    private final int httpStatus;

    ErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The stable string code, e.g. {@code "version_mismatch"}. */
    public String code() {
        return code;
    }

    /** HTTP status: 400, 404, 409 or 413. */
    public int httpStatus() {
        return httpStatus;
    }
}
