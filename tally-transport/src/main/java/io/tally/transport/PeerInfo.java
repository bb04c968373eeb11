package io.tally.transport;

import java.net.InetSocketAddress;

/**
 * What a peer said about itself in its handshake, plus the socket address it connected from.
 * Immutable.
 *
 * @param nodeId the peer's node id
 * @param clusterName the peer's cluster name (equal to ours, or it would have been refused)
 * @param clusterId the peer's cluster id (may be empty when not yet known)
 * @param protocolVersion the peer's wire protocol version
 * @param peerAddress the host:port the peer advertises for peer TCP and gossip UDP
 * @param httpAddress the host:port of the peer's HTTP API (may be empty)
 * @param remoteAddress the socket address at the other end of the connection
 * @param dialedByUs whether this node dialed the connection (false: the peer dialed us)
 */
public record PeerInfo(
    String nodeId,
    String clusterName,
    String clusterId,
    int protocolVersion,
    String peerAddress,
    String httpAddress,
    InetSocketAddress remoteAddress,
    boolean dialedByUs) {}
