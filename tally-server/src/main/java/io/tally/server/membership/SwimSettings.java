package io.tally.server.membership;

import io.tally.gossip.SwimConfig;
import io.tally.server.config.NodeConfig;

/**
 * The SWIM core's configuration from a node's configuration: the knobs the node config names, LAN defaults
 * for the rest. Pure functions; any thread.
 */
public final class SwimSettings {
    /** Gossip rounds run at most this often (ms), and at least once per probe interval. */
    static final long GOSSIP_INTERVAL_MS_MAX = 200;

    private SwimSettings() {}

    /** The SWIM configuration for this node config. */
    public static SwimConfig swimConfig(NodeConfig c) {
        SwimConfig d = SwimConfig.defaults();
        // The core fills datagrams with its own size estimate, which is never below the Protobuf encoding
        // (DatagramFitTest), so the codec's split stays a safety net.
        int datagram = c.gossip().datagramBytesMax();
        return new SwimConfig(
            c.probeIntervalMs(),
            c.probeTimeoutMs(),
            c.gossip().indirectProbes(),
            c.suspicionMultiplier(),
            c.gossip().suspicionMaxMultiplier(),
            c.retransmitMultiplier(),
            Math.min(GOSSIP_INTERVAL_MS_MAX, c.probeIntervalMs()),
            c.gossipFanout(),
            d.gossipToTheDeadMs(),
            c.gossip().pushPullIntervalMs(),
            c.gossip().reapMs(),
            d.reconnectTimeoutMs(),
            d.awarenessMax(),
            true,
            datagram,
            d.broadcastQueueMax(),
            Math.max(d.broadcastQueueBytesMax(), datagram),
            d.relaysMax(),
            Math.min(d.userPayloadBytesMax(), datagram - 128),
            d.seenBroadcastsMax());
    }

    /** How often the node loop should tick (ms) so SWIM's timers fire close to their deadlines. */
    public static long tickIntervalMs(NodeConfig c) {
        return Math.max(10, Math.min(100, c.probeTimeoutMs() / 5));
    }

    /** Longest wait (ms) for the leave announcement to go out before the node closes its transport. */
    public static long leaveTimeoutMs(NodeConfig c) {
        return Math.max(1_000, Math.min(5_000, 10 * Math.min(GOSSIP_INTERVAL_MS_MAX, c.probeIntervalMs())));
    }

    /** The SWIM randomness seed: a stable hash of the node id mixed with a fresh draw (logged for replay). */
    public static long seed(String nodeId, long draw) {
        long h = 1125899906842597L;
        for (int i = 0; i < nodeId.length(); i++) {
            h = 31 * h + nodeId.charAt(i);
        }
        return h ^ draw;
    }
}
