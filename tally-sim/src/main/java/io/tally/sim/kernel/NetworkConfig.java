package io.tally.sim.kernel;

/**
 * Fault and timing parameters of a {@link SimNetwork}. Immutable.
 *
 * @param latencyMs base one-way latency of every message, milliseconds (>= 0)
 * @param jitterMs extra latency drawn uniformly in {@code [0, jitterMs]} per message (>= 0)
 * @param lossProbability chance that a message is dropped, in [0, 1)
 * @param duplicateProbability chance that a message is delivered twice (independent delays)
 * @param reorderProbability chance that a message gets an extra delay of up to
 *     {@code reorderDelayMs}, so later messages overtake it
 * @param reorderDelayMs bound on that extra delay, milliseconds (>= 0)
 */
public record NetworkConfig(
        long latencyMs,
        long jitterMs,
        double lossProbability,
        double duplicateProbability,
        double reorderProbability,
        long reorderDelayMs) {

    public NetworkConfig {
        if (latencyMs < 0 || jitterMs < 0 || reorderDelayMs < 0) {
            throw new IllegalArgumentException("expected non-negative delays, got latencyMs=" + latencyMs
                    + " jitterMs=" + jitterMs + " reorderDelayMs=" + reorderDelayMs);
        }
        checkProbability("lossProbability", lossProbability, true);
        checkProbability("duplicateProbability", duplicateProbability, false);
        checkProbability("reorderProbability", reorderProbability, false);
    }

    /** A fault-free network with {@code latencyMs} latency and no jitter. */
    public static NetworkConfig lan(long latencyMs) {
        return new NetworkConfig(latencyMs, 0, 0, 0, 0, 0);
    }

    /** This configuration without loss, duplication or reordering (same latency and jitter). */
    public NetworkConfig healed() {
        return new NetworkConfig(latencyMs, jitterMs, 0, 0, 0, 0);
    }

    private static void checkProbability(String name, double p, boolean belowOne) {
        if (!(p >= 0 && (belowOne ? p < 1 : p <= 1))) {
            throw new IllegalArgumentException("expected " + name + " in [0, 1" + (belowOne ? ")" : "]")
                    + ", got " + p);
        }
    }
}
