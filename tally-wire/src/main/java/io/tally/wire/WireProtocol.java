package io.tally.wire;

/**
 * Constants of the peer wire protocol: the version exchanged in the handshake and the frame layout.
 *
 * <p>A frame is {@value #FRAME_LENGTH_BYTES} bytes of big-endian unsigned length followed by that
 * many bytes of one serialized Protobuf message. The first frame a dialer sends is a
 * {@code Handshake}, the acceptor answers with a {@code HandshakeReply}, and every later frame in
 * both directions is an {@code Envelope}. Stateless; any thread.
 */
public final class WireProtocol {
  /** Protocol version sent in the handshake; peers with another version are refused. */
  public static final int PROTOCOL_VERSION = 1;
  /** Size of the frame length prefix, in bytes. */
  public static final int FRAME_LENGTH_BYTES = 4;
  /** Default largest frame body accepted or sent, in bytes (4 MiB). */
  public static final int FRAME_BYTES_MAX_DEFAULT = 4 * 1024 * 1024;
  /** Default largest gossip datagram, in bytes (fits an Ethernet MTU with IP/UDP headers). */
  public static final int DATAGRAM_BYTES_MAX_DEFAULT = 1400;

  private WireProtocol() {}
}
