package io.tally.server;

/**
 * The node cannot start (a port is busy, the data dir is locked or of another cluster, ...). The message
 * is one line for the operator, naming the address, file or setting at fault; {@link #exitCode()} is the
 * process exit code the command should return.
 */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public NodeStartException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Process exit code: 1 for runtime failures such as a busy port, 2 for bad configuration. */
    public int exitCode() {
        return exitCode;
    }
}
