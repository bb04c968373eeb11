package io.tally.gossip;

/**
 * Every SWIM/Lifeguard knob, with LAN defaults ({@link #defaults()}). Immutable; any thread.
 * Durations are in milliseconds, sizes in bytes. The constructor rejects values that make no sense
 * with a message naming the knob and what was expected.
 *
 * @param probeIntervalMs protocol period: one probe per period (scaled by local health)
 * @param probeTimeoutMs wait for a direct ack before asking others to probe (scaled by local health)
 * @param indirectChecks k, the members asked to probe indirectly after a direct timeout
 * @param suspicionMult suspicion timeout = suspicionMult * max(1, log10(N)) * probeIntervalMs
 * @param suspicionMaxTimeoutMult Lifeguard: suspicion starts at this multiple of the minimum and
 *     shrinks with independent confirmations
 * @param retransmitMult λ: each update is piggybacked at most λ * ceil(log10(N + 1)) times
 * @param gossipIntervalMs period of gossip rounds that push queued updates to random members
 * @param gossipFanout members per gossip round (the "chatter size")
 * @param gossipToTheDeadMs dead members still receive gossip rounds for this long (so they can
 *     learn they were declared dead and refute)
 * @param pushPullIntervalMs period of full-state exchanges with one random member; 0 disables
 * @param deadReapMs dead and left members are forgotten this long after their state changed
 * @param reconnectTimeoutMs dead and reaped members (and, when alone, the join seeds) get a
 *     push-pull attempt each push-pull period for this long, so partitions heal even after both
 *     sides declared each other dead (Serf's reconnect); 0 disables
 * @param awarenessMax Lifeguard local health: timeouts scale by (score + 1), score in [0, max - 1]
 * @param lifeguard enables local health, nacks, shrinking suspicion timeouts and the buddy system
 * @param datagramBytesMax safe UDP payload size; piggybacked updates fill datagrams up to it
 * @param broadcastQueueMax most queued updates; the oldest are dropped first (counted)
 * @param broadcastQueueBytesMax most queued update bytes; the oldest are dropped first (counted)
 * @param relaysMax most indirect probes relayed at once for others; more are refused (counted)
 * @param userPayloadBytesMax largest application broadcast payload accepted
 * @param seenBroadcastsMax how many application broadcast ids are remembered to drop duplicates
 */
public record SwimConfig(
        long probeIntervalMs,
        long probeTimeoutMs,
        int indirectChecks,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        int retransmitMult,
        long gossipIntervalMs,
        int gossipFanout,
        long gossipToTheDeadMs,
        long pushPullIntervalMs,
        long deadReapMs,
        long reconnectTimeoutMs,
        int awarenessMax,
        boolean lifeguard,
        int datagramBytesMax,
        int broadcastQueueMax,
        int broadcastQueueBytesMax,
        int relaysMax,
        int userPayloadBytesMax,
        int seenBroadcastsMax) {

    public SwimConfig {
        positive("probeIntervalMs", probeIntervalMs);
        positive("probeTimeoutMs", probeTimeoutMs);
        if (probeTimeoutMs >= probeIntervalMs) {
            throw new IllegalArgumentException("probeTimeoutMs must be below probeIntervalMs (" + probeIntervalMs
                    + ") to leave time for indirect probes, got " + probeTimeoutMs);
        }
        atLeast("indirectChecks", indirectChecks, 0);
        atLeast("suspicionMult", suspicionMult, 1);
        atLeast("suspicionMaxTimeoutMult", suspicionMaxTimeoutMult, 1);
        atLeast("retransmitMult", retransmitMult, 1);
        positive("gossipIntervalMs", gossipIntervalMs);
        atLeast("gossipFanout", gossipFanout, 0);
        atLeast("gossipToTheDeadMs", gossipToTheDeadMs, 0);
        atLeast("pushPullIntervalMs", pushPullIntervalMs, 0);
        atLeast("deadReapMs", deadReapMs, 0);
        atLeast("reconnectTimeoutMs", reconnectTimeoutMs, 0);
        atLeast("awarenessMax", awarenessMax, 1);
        atLeast("datagramBytesMax", datagramBytesMax, 256);
        atLeast("broadcastQueueMax", broadcastQueueMax, 1);
        atLeast("broadcastQueueBytesMax", broadcastQueueBytesMax, datagramBytesMax);
        atLeast("relaysMax", relaysMax, 0);
        atLeast("userPayloadBytesMax", userPayloadBytesMax, 0);
        if (userPayloadBytesMax > datagramBytesMax - 128) {
            throw new IllegalArgumentException("userPayloadBytesMax must leave 128 bytes of datagramBytesMax ("
                    + datagramBytesMax + ") for headers, got " + userPayloadBytesMax);
        }
        atLeast("seenBroadcastsMax", seenBroadcastsMax, 1);
    }

    /** LAN defaults (HashiCorp memberlist's DefaultLANConfig values where they exist). */
    public static SwimConfig defaults() {
        return new SwimConfig(1000, 500, 3, 4, 6, 4, 200, 3, 30_000, 30_000, 60_000, 86_400_000, 8, true,
                1400, 1024, 256 * 1024, 256, 1024, 4096);
    }

    /** This configuration with Lifeguard on or off. */
    public SwimConfig withLifeguard(boolean on) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult,
                suspicionMaxTimeoutMult, retransmitMult, gossipIntervalMs, gossipFanout, gossipToTheDeadMs,
                pushPullIntervalMs, deadReapMs, reconnectTimeoutMs, awarenessMax, on, datagramBytesMax, broadcastQueueMax,
                broadcastQueueBytesMax, relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with another protocol period and probe timeout. */
    public SwimConfig withProbe(long intervalMs, long timeoutMs) {
        return new SwimConfig(intervalMs, timeoutMs, indirectChecks, suspicionMult, suspicionMaxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipFanout, gossipToTheDeadMs, pushPullIntervalMs,
                deadReapMs, reconnectTimeoutMs, awarenessMax, lifeguard, datagramBytesMax, broadcastQueueMax,
                broadcastQueueBytesMax, relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with other gossip-round settings. */
    public SwimConfig withGossip(long intervalMs, int fanout) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult,
                suspicionMaxTimeoutMult, retransmitMult, intervalMs, fanout, gossipToTheDeadMs,
                pushPullIntervalMs, deadReapMs, reconnectTimeoutMs, awarenessMax, lifeguard, datagramBytesMax, broadcastQueueMax,
                broadcastQueueBytesMax, relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with other suspicion multipliers. */
    public SwimConfig withSuspicion(int mult, int maxTimeoutMult) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, mult, maxTimeoutMult,
                retransmitMult, gossipIntervalMs, gossipFanout, gossipToTheDeadMs, pushPullIntervalMs,
                deadReapMs, reconnectTimeoutMs, awarenessMax, lifeguard, datagramBytesMax, broadcastQueueMax,
                broadcastQueueBytesMax, relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with other reaping, push-pull and gossip-to-the-dead periods. */
    public SwimConfig withLifetimes(long pushPullMs, long toTheDeadMs, long reapMs) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult,
                suspicionMaxTimeoutMult, retransmitMult, gossipIntervalMs, gossipFanout, toTheDeadMs, pushPullMs,
                reapMs, reconnectTimeoutMs, awarenessMax, lifeguard, datagramBytesMax, broadcastQueueMax, broadcastQueueBytesMax,
                relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with other dissemination settings (λ, k and the queue bounds). */
    public SwimConfig withDissemination(int retransmit, int indirect, int queueMax, int queueBytesMax) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirect, suspicionMult, suspicionMaxTimeoutMult,
                retransmit, gossipIntervalMs, gossipFanout, gossipToTheDeadMs, pushPullIntervalMs, deadReapMs,
                reconnectTimeoutMs, awarenessMax, lifeguard, datagramBytesMax, queueMax, queueBytesMax, relaysMax,
                userPayloadBytesMax, seenBroadcastsMax);
    }

    /** This configuration with another reconnect timeout (0 disables reconnecting). */
    public SwimConfig withReconnectTimeout(long timeoutMs) {
        return new SwimConfig(probeIntervalMs, probeTimeoutMs, indirectChecks, suspicionMult,
                suspicionMaxTimeoutMult, retransmitMult, gossipIntervalMs, gossipFanout, gossipToTheDeadMs,
                pushPullIntervalMs, deadReapMs, timeoutMs, awarenessMax, lifeguard, datagramBytesMax,
                broadcastQueueMax, broadcastQueueBytesMax, relaysMax, userPayloadBytesMax, seenBroadcastsMax);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }
}
