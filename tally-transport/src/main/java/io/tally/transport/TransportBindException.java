package io.tally.transport;

/**
 * The transport could not bind its TCP or UDP port (typically: address already in use). The
 * message names the protocol and address so the runtime can exit with a clear message.
 */
public final class TransportBindException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code message} names the address. */
  public TransportBindException(String message, Throwable cause) {
    super(message, cause);
  }
}
