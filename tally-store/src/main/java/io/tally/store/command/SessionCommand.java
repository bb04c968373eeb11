package io.tally.store.command;

import java.util.Objects;

/**
 * One command of a batched log entry with its own client session: {@code clientId} 0 = no session, otherwise
 * the client's {@code sequence} (1 opens the session), exactly as a single-command entry carries them.
 */
public record SessionCommand(long clientId, long sequence, Command command) {
    public SessionCommand {
        Objects.requireNonNull(command, "command");
    }

    /** A command without a session. */
    public static SessionCommand of(Command command) {
        return new SessionCommand(0, 0, command);
    }
}
