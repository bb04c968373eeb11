package io.tally.server.membership;

import io.tally.gossip.Message;
import io.tally.server.config.HostPort;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What reaches {@link SwimMembership} through the node queue (inside {@code NodeEvent.Gossip}). Built on
 * the transport thread (already decoded and checked) or by the runtime; handled on the node loop thread
 * by a pattern-matching switch without default.
 */
public sealed interface GossipEvent {

    /** A decoded gossip datagram from {@code fromAddress} (host:port of the sender's peer socket). */
    record Datagram(String fromAddress, List<Message> messages) implements GossipEvent {
        public Datagram {
            Objects.requireNonNull(fromAddress, "fromAddress");
            messages = List.copyOf(messages);
        }
    }

    /** A decoded push-pull from connected peer {@code fromNodeId}, whose peer address is {@code fromAddress}. */
    record PushPull(String fromNodeId, String fromAddress, Message.PushPull message) implements GossipEvent {
        public PushPull {
            Objects.requireNonNull(fromNodeId, "fromNodeId");
            Objects.requireNonNull(fromAddress, "fromAddress");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Leave gracefully: announce {@code left}; {@code done} completes once the announcement was sent its
     * full number of times (or at the leave deadline), after which the runtime closes the transport.
     */
    record Leave(CompletableFuture<Void> done) implements GossipEvent {
        public Leave {
            Objects.requireNonNull(done, "done");
        }
    }

    /** Discovery found members of this cluster at these peer addresses: join through them. */
    record Discovered(List<HostPort> peers) implements GossipEvent {
        public Discovered {
            peers = List.copyOf(peers);
        }
    }
}
