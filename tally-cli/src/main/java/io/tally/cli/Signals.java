package io.tally.cli;

import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGTERM or SIGINT (Ctrl-C) so that the command can stop cleanly and exit 0, and as
 * a JVM shutdown hook for any other way the JVM ends. The action must be idempotent.
 */
final class Signals {
    private Signals() {}

    /** Registers {@code action}; it runs on a thread named {@code threadName}. */
    @SuppressWarnings("removal")
    static void onTermination(String threadName, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(action, threadName + "-hook"));
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> new Thread(action, threadName).start());
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                // Signal handling unavailable (or the signal is reserved): the shutdown hook still stops cleanly.
                LoggerFactory.getLogger(Signals.class).debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
    }
}
