package io.tally.server.core;

import java.util.List;

/**
 * The members a node knows and how it learns more. Called only from the node loop thread, with the
 * node clock's time in milliseconds; returns what the runtime must do on the network.
 *
 * <p>The node runs {@link io.tally.server.membership.SwimMembership} (SWIM gossip); the older
 * {@link MemberListMembership} learns members from the config, the transport handshakes and
 * {@code MemberList} exchanges.
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

    /** The node loop's periodic tick (SWIM runs its timers here). */
    default List<MembershipAction> onTick(long nowMs) {
        return List.of();
    }

    /** A gossip event (datagram, push-pull, leave, discovery result); ignored by memberships without gossip. */
    default List<MembershipAction> onGossip(io.tally.server.membership.GossipEvent event, long nowMs) {
        if (event instanceof io.tally.server.membership.GossipEvent.Leave leave) {
            leave.done().complete(null);
        }
        return List.of();
    }
}
