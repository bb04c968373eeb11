package io.tally.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsers for configuration values. Each throws {@link IllegalArgumentException} whose message says
 * what was expected; the caller prefixes it with the flag or key name.
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB|GiB)?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private ConfigValues() {}

    /** Parses {@code 200ms}, {@code 2s}, {@code 5m}, {@code 1h} into milliseconds; checks the range. */
    public static long durationMs(String text, long minMs, long maxMs) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                "expected a duration with a unit (ms, s, m or h) such as 200ms or 2s, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        long ms = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000L;
            case "m" -> n * 60_000L;
            case "h" -> n * 3_600_000L;
            default -> throw new IllegalStateException("unreachable unit " + m.group(2));
        };
        if (ms < minMs || ms > maxMs) {
            throw new IllegalArgumentException("expected a duration between " + formatMs(minMs) + " and "
                + formatMs(maxMs) + ", got '" + text + "'");
        }
        return ms;
    }

    /** Parses a size in bytes: a plain number or one with a unit B, KiB, MiB or GiB; checks the range. */
    public static long bytes(String text, long min, long max) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                "expected a size in bytes, optionally with a unit (B, KiB, MiB, GiB) such as 1MiB, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "B" -> 1L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> throw new IllegalStateException("unreachable unit " + unit);
        };
        if (n > max / factor || n * factor < min || n * factor > max) {
            throw new IllegalArgumentException(
                "expected a size between " + min + " and " + max + " bytes, got '" + text + "'");
        }
        return n * factor;
    }

    /** Parses a decimal integer in {@code [min, max]}. */
    public static int integer(String text, int min, int max) {
        String s = text.strip();
        if (!s.matches("-?\\d{1,10}")) {
            throw new IllegalArgumentException("expected an integer between " + min + " and " + max + ", got '" + text + "'");
        }
        long n = Long.parseLong(s);
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected an integer between " + min + " and " + max + ", got '" + text + "'");
        }
        return (int) n;
    }

    /** Parses {@code true} or {@code false} (case-insensitive). */
    public static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    /**
     * Parses a node id or cluster name: 1 to 63 characters, letters, digits, '_', '.', '-', starting with a
     * letter or digit.
     */
    public static String name(String text) {
        String s = text.strip();
        if (!NAME.matcher(s).matches()) {
            throw new IllegalArgumentException("expected 1-63 characters of letters, digits, '_', '.' or '-' "
                + "starting with a letter or digit, got '" + text + "'");
        }
        return s;
    }

    /** Parses a log level: error, warn, info, debug or trace (case-insensitive); returns it lower-case. */
    public static String logLevel(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "error", "warn", "info", "debug", "trace" -> s;
            default -> throw new IllegalArgumentException(
                "expected one of error, warn, info, debug, trace, got '" + text + "'");
        };
    }

    /** Formats milliseconds the way the parser reads them back (largest exact unit). */
    public static String formatMs(long ms) {
        if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms != 0 && ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
