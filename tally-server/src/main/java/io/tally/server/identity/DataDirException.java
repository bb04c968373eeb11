package io.tally.server.identity;

/** The data directory cannot be used (locked, of another cluster or node, unreadable); the message says why. */
public final class DataDirException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataDirException(String message) {
        super(message);
    }

    public DataDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
