package io.tally.sim.gossip;

import java.util.stream.LongStream;

/** Seeds for the gossip scenario tests: {@code tally.sim.seeds / 10} of them (20 by default, 500 with -Psoak). */
final class GossipSeeds {
    private GossipSeeds() {}

    static LongStream seeds() {
        int total = Integer.getInteger("tally.sim.seeds", 200);
        return LongStream.rangeClosed(1, Math.max(2, total / 10));
    }

    /** Defaults for a quick run: no false-positive phase. */
    static GossipSimParams quick(int nodes, long seed) {
        GossipSimParams d = GossipSimParams.defaults(nodes, seed);
        return new GossipSimParams(nodes, d.latencyMs(), d.loss(), seed, true, d.periodMs(), d.slowFraction(), 0);
    }
}
