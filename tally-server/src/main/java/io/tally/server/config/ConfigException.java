package io.tally.server.config;

/**
 * A configuration value was refused. The message names the flag or config key and says what was
 * expected, so it can be printed to the operator as it is.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
