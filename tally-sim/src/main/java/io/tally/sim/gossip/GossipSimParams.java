package io.tally.sim.gossip;

import io.tally.gossip.SwimConfig;
import io.tally.sim.kernel.NetworkConfig;

/**
 * Parameters of one {@code tally sim gossip} run. Immutable. Times in simulated milliseconds.
 *
 * @param nodes cluster size N (>= 3)
 * @param latencyMs one-way network latency; jitter is a fifth of it on top
 * @param loss probability that a datagram is lost, in [0, 1)
 * @param seed the run's seed: the same parameters give the same report
 * @param lifeguard Lifeguard on or off for the load, broadcast and crash measurements
 * @param periodMs the SWIM protocol period; the probe timeout is half of it
 * @param slowFraction share of nodes that keep pausing in the false-positive runs
 * @param falsePositiveRunMs simulated length of each false-positive run
 */
public record GossipSimParams(
        int nodes, long latencyMs, double loss, long seed, boolean lifeguard, long periodMs,
        double slowFraction, long falsePositiveRunMs) {

    public GossipSimParams {
        if (nodes < 3) {
            throw new IllegalArgumentException("expected --nodes >= 3, got " + nodes);
        }
        if (periodMs < 10) {
            throw new IllegalArgumentException("expected --period-ms >= 10, got " + periodMs);
        }
        if (!(slowFraction >= 0 && slowFraction < 1)) {
            throw new IllegalArgumentException("expected slowFraction in [0, 1), got " + slowFraction);
        }
        if (falsePositiveRunMs < 0) {
            throw new IllegalArgumentException("expected falsePositiveRunMs >= 0, got " + falsePositiveRunMs);
        }
        network(latencyMs, loss); // validates latency and loss
    }

    /** The defaults of {@code tally sim gossip} for {@code nodes} nodes and this seed. */
    public static GossipSimParams defaults(int nodes, long seed) {
        return new GossipSimParams(nodes, 10, 0.01, seed, true, 1000, 0.1, 120_000);
    }

    /** The SWIM configuration of the nodes, with Lifeguard on or off. */
    public SwimConfig swim(boolean withLifeguard) {
        return SwimConfig.defaults().withProbe(periodMs, periodMs / 2).withLifeguard(withLifeguard);
    }

    /** The simulated datagram network. */
    public NetworkConfig network() {
        return network(latencyMs, loss);
    }

    private static NetworkConfig network(long latencyMs, double loss) {
        return new NetworkConfig(latencyMs, latencyMs / 5, loss, 0, 0, 0);
    }
}
