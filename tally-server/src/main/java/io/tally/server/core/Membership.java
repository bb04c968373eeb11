package io.tally.server.core;

import java.util.List;

/**
 * The members a node knows and how it learns more. Called only from the node loop thread, with the
 * node clock's time in milliseconds; returns what the runtime must do on the network.
 *
 * <p>The current implementation, {@link MemberListMembership}, learns members from the config, the
 * transport handshakes and {@code MemberList} exchanges; SWIM gossip (a later issue) replaces it behind
 * this interface.
 */
public interface Membership {
    /** Called once when the node starts. */
    List<MembershipAction> start(long nowMs);

    /** A peer finished its handshake. */
    List<MembershipAction> onPeerUp(MemberInfo peer, long nowMs);

    /** The connection to a peer closed. */
    List<MembershipAction> onPeerDown(String nodeId, long nowMs);

    /** A connected peer sent the members it knows. */
    List<MembershipAction> onMemberList(String fromNodeId, List<MemberInfo> members, long nowMs);

    /** Every member known, this node first, then by id. */
    List<MemberView> members(long nowMs);
}
