package io.tally.transport;

import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.Refusal;

/**
 * Whether a peer's handshake is compatible with ours: same cluster name, same protocol version,
 * cluster ids equal unless one is still unknown (empty), a non-empty node id different from ours.
 * Pure; any thread.
 */
final class HandshakeRules {
  private HandshakeRules() {}

  /** Why a handshake was refused, as a wire code and a log message. */
  record Verdict(Refusal code, String message) {
    static final Verdict ACCEPTED = new Verdict(Refusal.REFUSAL_NONE, "");

    boolean accepted() {
      return code == Refusal.REFUSAL_NONE;
    }
  }

  /** Checks {@code remote} against {@code local}; {@link Verdict#ACCEPTED} when compatible. */
  static Verdict check(Handshake local, Handshake remote) {
    if (remote.getNodeId().isEmpty()) {
      return new Verdict(Refusal.REFUSAL_BAD_HANDSHAKE, "handshake has no node id");
    }
    if (!remote.getClusterName().equals(local.getClusterName())) {
      return new Verdict(Refusal.REFUSAL_CLUSTER_NAME, "cluster name '" + remote.getClusterName()
          + "' differs from ours '" + local.getClusterName() + "'");
    }
    if (remote.getProtocolVersion() != local.getProtocolVersion()) {
      return new Verdict(Refusal.REFUSAL_PROTOCOL_VERSION, "protocol version "
          + remote.getProtocolVersion() + " differs from ours " + local.getProtocolVersion());
    }
    if (!remote.getClusterId().isEmpty() && !local.getClusterId().isEmpty()
        && !remote.getClusterId().equals(local.getClusterId())) {
      return new Verdict(Refusal.REFUSAL_CLUSTER_ID, "cluster id '" + remote.getClusterId()
          + "' differs from ours '" + local.getClusterId() + "'");
    }
    if (remote.getNodeId().equals(local.getNodeId())) {
      return new Verdict(Refusal.REFUSAL_SAME_NODE_ID,
          "peer has our own node id '" + local.getNodeId() + "' (connected to itself?)");
    }
    return Verdict.ACCEPTED;
  }
}
