package io.tally.server.raft;

import io.tally.store.command.Command;
import java.util.Objects;

/**
 * One client operation on the strong keyspaces, as the HTTP layer parsed it.
 *
 * @param command      the command (a read or a write)
 * @param serializable for a read: serve it from local state without a ReadIndex round (may be stale)
 * @param clientId     exactly-once session of a write (0 = none; derived from an Idempotency-Key)
 * @param sequence     the session's sequence (1 for an Idempotency-Key)
 */
public record ClientRequest(Command command, boolean serializable, long clientId, long sequence) {
    public ClientRequest {
        Objects.requireNonNull(command, "command");
        if (clientId != 0 && sequence < 1) {
            throw new IllegalArgumentException("expected sequence >= 1 with client id " + clientId + ", got " + sequence);
        }
    }

    /** A request without session, linearizable. */
    public static ClientRequest of(Command command) {
        return new ClientRequest(command, false, 0, 0);
    }
}
