package io.tally.sim.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The one seed of a simulation run, split deterministically into independent random streams, one
 * per purpose ("network", "node-2", "faults", "client-7"). The stream for a purpose depends only on
 * the seed and the purpose's name, so adding or removing draws in one stream never changes the
 * choices made by another. Immutable; each returned {@link Random} belongs to one caller.
 */
public final class SimRandom {
    private final long seed;

    /** @param seed the run's seed; any value */
    public SimRandom(long seed) {
        this.seed = seed;
    }

    /** The seed this was built from. */
    public long seed() {
        return seed;
    }

    /** A new random stream for {@code purpose}; the same purpose always gives the same sequence. */
    public Random stream(String purpose) {
        return new Random(derive(purpose));
    }

    /** A child source for a sub-component (e.g. one node), itself splittable by purpose. */
    public SimRandom child(String purpose) {
        return new SimRandom(derive(purpose));
    }

    /** The 64-bit seed derived from this seed and {@code purpose}. */
    public long derive(String purpose) {
        long h = mix64(seed ^ 0x9e3779b97f4a7c15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix64(h ^ (b & 0xff));
        }
        return h;
    }

    /** SplitMix64's finaliser: a bijective avalanche mix of 64 bits. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniform draw in {@code [lo, hi]} (inclusive) from {@code random}. */
    public static long between(Random random, long lo, long hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("expected lo <= hi, got lo=" + lo + " hi=" + hi);
        }
        if (hi == lo) {
            return lo;
        }
        return lo + Math.floorMod(random.nextLong(), hi - lo + 1);
    }
}
