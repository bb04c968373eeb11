package io.tally.server.config;

/**
 * The SWIM gossip and discovery knobs beyond the ones {@link NodeConfig} names directly (probe interval
 * and timeout, suspicion and retransmit multipliers, fan-out). Validated by {@link NodeConfigLoader};
 * immutable, any thread.
 *
 * @param indirectProbes k, members asked to probe a silent member indirectly
 * @param suspicionMaxMultiplier Lifeguard: suspicion timeouts start this many times the minimum and shrink
 *     with independent confirmations
 * @param reapMs dead and left members are forgotten this long after their last state change
 * @param datagramBytesMax largest gossip UDP datagram sent (safe UDP payload size)
 * @param pushPullIntervalMs period of full-state exchanges with one random member over TCP
 * @param joinTimeoutMs how long {@code --join} keeps retrying before it reports that no member answered
 * @param discoverTimeoutMs how long {@code --discover} keeps broadcasting before it reports that no one answered
 * @param discoveryPort UDP port of the discovery requests and answers (broadcast and multicast)
 */
public record GossipSettings(
        int indirectProbes,
        int suspicionMaxMultiplier,
        long reapMs,
        int datagramBytesMax,
        long pushPullIntervalMs,
        long joinTimeoutMs,
        long discoverTimeoutMs,
        int discoveryPort) {

    /** The defaults of {@link ConfigKey} (LAN values). */
    public static GossipSettings defaults() {
        return new GossipSettings(3, 6, 60_000, 1400, 30_000, 60_000, 30_000, 7199);
    }
}
