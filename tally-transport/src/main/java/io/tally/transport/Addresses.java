package io.tally.transport;

import java.net.InetSocketAddress;

/** Parsing and formatting of host:port strings. Stateless; any thread. */
public final class Addresses {
  private Addresses() {}

  /**
   * Parses {@code host:port} (IPv6 as {@code [::1]:port}) into an unresolved-if-needed address.
   *
   * @throws IllegalArgumentException naming the expected form when the text is not host:port
   */
  public static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port with a numeric port, got '" + hostPort + "'", e);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, got '" + hostPort + "'");
    }
    return new InetSocketAddress(host, port);
  }

  /** Formats an address as {@code host:port} using the literal IP when resolved. */
  public static String format(InetSocketAddress address) {
    String host = address.getAddress() != null
        ? address.getAddress().getHostAddress()
        : address.getHostString();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return host + ":" + address.getPort();
  }
}
