package io.tally.server.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the process-wide log level of Tally's loggers (Logback). Any thread. */
public final class Logging {
    private Logging() {}

    /** Sets the level of the {@code io.tally} loggers: error, warn, info, debug or trace. */
    public static void setLevel(String level) {
        if (LoggerFactory.getLogger("io.tally") instanceof Logger logger) {
            logger.setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
