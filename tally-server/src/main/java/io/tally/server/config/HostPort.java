package io.tally.server.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A network address as the operator wrote it: a host (IPv4 literal, bracketed IPv6 literal or DNS name)
 * and a TCP/UDP port in 1..65535. Parsing never resolves names. Immutable, any thread.
 */
public record HostPort(String host, int port) implements Comparable<HostPort> {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    public HostPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static HostPort parse(String text) {
        String expected = "expected HOST:PORT such as 127.0.0.1:7001 (port 1-65535), got '" + text + "'";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(expected);
        }
        String s = text.strip();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(expected);
            }
            host = s.substring(1, close);
            portText = s.substring(close + 2);
            if (!isIpv6Literal(host)) {
                throw new IllegalArgumentException(expected + " ('" + host + "' is not an IPv6 address)");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException(expected);
            }
            host = s.substring(0, colon);
            portText = s.substring(colon + 1);
            if (!isHostName(host)) {
                throw new IllegalArgumentException(expected + " ('" + host + "' is not a valid host)");
            }
        }
        if (!DIGITS.matcher(portText).matches()) {
            throw new IllegalArgumentException(expected);
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(expected);
        }
        return new HostPort(host.toLowerCase(Locale.ROOT), port);
    }

    private static boolean isHostName(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // A name made only of digits and dots that is not a valid IPv4 literal is a typo, not a name.
        return !host.matches("[\\d.]+");
    }

    private static boolean isIpv6Literal(String host) {
        if (!host.matches("[0-9A-Fa-f:.]+") || !host.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // a literal: parsed, never looked up
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An unresolved socket address (resolution happens when the socket binds or connects). */
    public InetSocketAddress toSocketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public int compareTo(HostPort o) {
        int c = host.compareTo(o.host);
        return c != 0 ? c : Integer.compare(port, o.port);
    }
}
