package io.tally.server.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything that reaches the node core, through its one queue. New event types break the build of
 * {@link NodeCore#handle} until handled (pattern-matching switch without default).
 */
public sealed interface NodeEvent {

    /** Periodic tick from the runtime's ticker. */
    record Tick() implements NodeEvent {}

    /** An API call from the HTTP layer; the core completes {@code reply}. */
    record ApiCall(ApiRoute route, CompletableFuture<ApiReply> reply) implements NodeEvent {}

    /**
     * A peer finished its handshake (from the transport thread).
     *
     * @param clusterId the cluster id the peer gave, empty if it has none yet
     */
    record PeerUp(MemberInfo peer, String clusterId) implements NodeEvent {}

    /** The connection to a peer closed (from the transport thread). */
    record PeerDown(String nodeId) implements NodeEvent {}

    /** The node is shutting down: health turns to 503 while the queue drains. */
    record Stopping() implements NodeEvent {}

    /** A gossip event for the membership (from the transport thread, the discovery or the runtime). */
    record Gossip(io.tally.server.membership.GossipEvent event) implements NodeEvent {}

    /** An event for the Raft driver: ticks, Raft messages, data calls, forwarded writes, storage completions. */
    record Raft(io.tally.server.raft.RaftEvent event) implements NodeEvent {}

    /** A peer sent the members it knows (from the transport thread). */
    record MembersReceived(String fromNodeId, List<MemberInfo> members) implements NodeEvent {
        public MembersReceived {
            members = List.copyOf(members);
        }
    }
}
