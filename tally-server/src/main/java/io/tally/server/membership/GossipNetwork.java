package io.tally.server.membership;

import io.tally.gossip.Message;
import io.tally.server.config.HostPort;
import java.util.List;

/**
 * The network effects {@link SwimMembership} needs, implemented over the peer transport by
 * {@link TransportGossipNetwork}. Called only from the node loop thread; never blocks (sends queue).
 */
public interface GossipNetwork {
    /**
     * Sends these messages to {@code toAddress} over UDP, split into as many datagrams as the configured
     * size needs (never one above it).
     */
    void sendDatagrams(String toAddress, List<Message> messages);

    /** Sends a push-pull to a connected peer over TCP; false if the transport refused it. */
    boolean sendPushPull(String toNodeId, Message.PushPull message);

    /** Dials an address whose node id is not known yet (retried by the transport until a handshake). */
    void dial(HostPort peer);
}
