package io.tally.transport;

import io.tally.wire.WireProtocol;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Settings of one {@link PeerTransport}. Immutable; build with {@link #builder}. All sizes are in
 * bytes and all durations in milliseconds, as the names say.
 *
 * @param nodeId this node's id (sent in the handshake; the tie-break compares ids as strings)
 * @param clusterName peers with another cluster name are refused
 * @param clusterId peers with another non-empty cluster id are refused; empty means not yet known
 * @param bindAddress host:port for the TCP listener and the UDP socket; outgoing connections bind
 *     to this host too (port 0 picks a free port, see {@link PeerTransport#localAddress()})
 * @param advertisedPeerAddress the host:port peers should dial (empty: the bound address)
 * @param httpAddress this node's HTTP address, sent in the handshake (may be empty)
 * @param frameBytesMax largest frame body sent or accepted; larger inbound frames close the
 *     connection
 * @param handshakeTimeoutMs a connection that has not finished its handshake by then is closed
 * @param connectTimeoutMs TCP connect timeout of a dial
 * @param outboundQueueMessagesMax per-peer bound on queued messages not yet written to the socket
 * @param outboundQueueBytesMax per-peer bound on the serialized bytes of those messages
 * @param writeBufferHighWaterBytes Netty's per-channel high water mark: above it the channel stops
 *     taking messages from the queue until the socket drains below half of it
 * @param reconnectBackoffBaseMs first reconnect delay (before jitter)
 * @param reconnectBackoffMaxMs largest reconnect delay (before jitter)
 * @param datagramBytesMax largest UDP datagram sent; larger ones are refused
 * @param keepaliveIntervalMs a connection with nothing written for this long sends a keepalive
 *     (an envelope without a body); 0 disables keepalives
 * @param idleTimeoutMs a connection with nothing read for this long is closed (the peer is gone
 *     without a FIN, e.g. a crashed host or a partition); 0 disables the check
 * @param closeFlushTimeoutMs how long {@link PeerTransport#close()} waits for queued messages to be
 *     written
 * @param jitterSeed seed of the reconnect jitter
 */
public record TransportConfig(
    String nodeId,
    String clusterName,
    String clusterId,
    InetSocketAddress bindAddress,
    String advertisedPeerAddress,
    String httpAddress,
    int frameBytesMax,
    long handshakeTimeoutMs,
    long connectTimeoutMs,
    int outboundQueueMessagesMax,
    long outboundQueueBytesMax,
    int writeBufferHighWaterBytes,
    long reconnectBackoffBaseMs,
    long reconnectBackoffMaxMs,
    int datagramBytesMax,
    long keepaliveIntervalMs,
    long idleTimeoutMs,
    long closeFlushTimeoutMs,
    long jitterSeed) {

  /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
  public TransportConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(advertisedPeerAddress, "advertisedPeerAddress");
    Objects.requireNonNull(httpAddress, "httpAddress");
    require(!nodeId.isEmpty(), "nodeId must not be empty");
    require(!clusterName.isEmpty(), "clusterName must not be empty");
    require(frameBytesMax >= 64, "frameBytesMax must be >= 64, got " + frameBytesMax);
    require(handshakeTimeoutMs > 0, "handshakeTimeoutMs must be > 0, got " + handshakeTimeoutMs);
    require(connectTimeoutMs > 0, "connectTimeoutMs must be > 0, got " + connectTimeoutMs);
    require(outboundQueueMessagesMax > 0,
        "outboundQueueMessagesMax must be > 0, got " + outboundQueueMessagesMax);
    require(outboundQueueBytesMax >= frameBytesMax,
        "outboundQueueBytesMax (" + outboundQueueBytesMax + ") must be >= frameBytesMax ("
            + frameBytesMax + ")");
    require(writeBufferHighWaterBytes >= 1024,
        "writeBufferHighWaterBytes must be >= 1024, got " + writeBufferHighWaterBytes);
    require(reconnectBackoffBaseMs > 0,
        "reconnectBackoffBaseMs must be > 0, got " + reconnectBackoffBaseMs);
    require(reconnectBackoffMaxMs >= reconnectBackoffBaseMs,
        "reconnectBackoffMaxMs (" + reconnectBackoffMaxMs + ") must be >= reconnectBackoffBaseMs ("
            + reconnectBackoffBaseMs + ")");
    require(datagramBytesMax > 0 && datagramBytesMax <= 65_507,
        "datagramBytesMax must be in 1..65507, got " + datagramBytesMax);
    require(keepaliveIntervalMs >= 0, "keepaliveIntervalMs must be >= 0, got " + keepaliveIntervalMs);
    require(idleTimeoutMs == 0 || (keepaliveIntervalMs > 0 && keepaliveIntervalMs < idleTimeoutMs),
        "idleTimeoutMs (" + idleTimeoutMs + ") must be 0 (off) or larger than keepaliveIntervalMs ("
            + keepaliveIntervalMs + " , which must then be > 0)");
    require(closeFlushTimeoutMs >= 0, "closeFlushTimeoutMs must be >= 0, got " + closeFlushTimeoutMs);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The address peers should dial: {@link #advertisedPeerAddress} or else the bind address. */
  String advertisedOr(InetSocketAddress bound) {
    return advertisedPeerAddress.isEmpty()
        ? Addresses.format(bound)
        : advertisedPeerAddress;
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder(String nodeId, String clusterName, InetSocketAddress bindAddress) {
    return new Builder(nodeId, clusterName, bindAddress);
  }

  /** Mutable builder of {@link TransportConfig}; not thread-safe. */
  public static final class Builder {
    private final String nodeId;
    private final String clusterName;
    private final InetSocketAddress bindAddress;
    private String clusterId = "";
    private String advertisedPeerAddress = "";
    private String httpAddress = "";
    private int frameBytesMax = WireProtocol.FRAME_BYTES_MAX_DEFAULT;
    private long handshakeTimeoutMs = 5_000;
    private long connectTimeoutMs = 3_000;
    private int outboundQueueMessagesMax = 10_000;
    private long outboundQueueBytesMax = 16L * 1024 * 1024;
    private int writeBufferHighWaterBytes = 1024 * 1024;
    private long reconnectBackoffBaseMs = 100;
    private long reconnectBackoffMaxMs = 5_000;
    private int datagramBytesMax = WireProtocol.DATAGRAM_BYTES_MAX_DEFAULT;
    private long keepaliveIntervalMs = 1_000;
    private long idleTimeoutMs = 10_000;
    private long closeFlushTimeoutMs = 1_000;
    private long jitterSeed;

    private Builder(String nodeId, String clusterName, InetSocketAddress bindAddress) {
      this.nodeId = nodeId;
      this.clusterName = clusterName;
      this.bindAddress = bindAddress;
      this.jitterSeed = nodeId == null ? 0 : nodeId.hashCode();
    }

    /** Default empty (unknown: any peer cluster id is accepted). */
    public Builder clusterId(String v) { this.clusterId = v; return this; }
    /** Default empty (advertise the bound address). */
    public Builder advertisedPeerAddress(String v) { this.advertisedPeerAddress = v; return this; }
    /** Default empty. */
    public Builder httpAddress(String v) { this.httpAddress = v; return this; }
    /** Default 4 MiB. */
    public Builder frameBytesMax(int v) { this.frameBytesMax = v; return this; }
    /** Default 5000 ms. */
    public Builder handshakeTimeoutMs(long v) { this.handshakeTimeoutMs = v; return this; }
    /** Default 3000 ms. */
    public Builder connectTimeoutMs(long v) { this.connectTimeoutMs = v; return this; }
    /** Default 10,000 messages per peer. */
    public Builder outboundQueueMessagesMax(int v) { this.outboundQueueMessagesMax = v; return this; }
    /** Default 16 MiB per peer. */
    public Builder outboundQueueBytesMax(long v) { this.outboundQueueBytesMax = v; return this; }
    /** Default 1 MiB per connection. */
    public Builder writeBufferHighWaterBytes(int v) { this.writeBufferHighWaterBytes = v; return this; }
    /** Default 100 ms. */
    public Builder reconnectBackoffBaseMs(long v) { this.reconnectBackoffBaseMs = v; return this; }
    /** Default 5000 ms. */
    public Builder reconnectBackoffMaxMs(long v) { this.reconnectBackoffMaxMs = v; return this; }
    /** Default 1400 bytes. */
    public Builder datagramBytesMax(int v) { this.datagramBytesMax = v; return this; }
    /** Default 1000 ms; 0 disables keepalives. */
    public Builder keepaliveIntervalMs(long v) { this.keepaliveIntervalMs = v; return this; }
    /** Default 10,000 ms; 0 disables the idle check. */
    public Builder idleTimeoutMs(long v) { this.idleTimeoutMs = v; return this; }
    /** Default 1000 ms. */
    public Builder closeFlushTimeoutMs(long v) { this.closeFlushTimeoutMs = v; return this; }
    /** Default: derived from the node id. */
    public Builder jitterSeed(long v) { this.jitterSeed = v; return this; }

    /** Builds and validates the config. */
    public TransportConfig build() {
      return new TransportConfig(nodeId, clusterName, clusterId, bindAddress,
          advertisedPeerAddress, httpAddress, frameBytesMax, handshakeTimeoutMs, connectTimeoutMs,
          outboundQueueMessagesMax, outboundQueueBytesMax, writeBufferHighWaterBytes,
          reconnectBackoffBaseMs, reconnectBackoffMaxMs, datagramBytesMax, keepaliveIntervalMs,
          idleTimeoutMs, closeFlushTimeoutMs,
          jitterSeed);
    }
  }
}
