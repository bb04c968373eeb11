package io.tally.sim.raft;

/**
 * The outcome of one simulation run.
 *
 * @param seed the run's seed
 * @param ok whether every check passed
 * @param failure what was violated (empty when ok)
 * @param trace hash of the whole event trace (16 hex digits)
 * @param lastEvents the last events before the end or the failure, one per line
 * @param plan the fault parameters drawn from the seed
 * @param events events executed
 * @param operations client operations recorded
 * @param inconclusive true if the linearizability search ran out of budget (not counted as a failure)
 */
public record SimResult(long seed, boolean ok, String failure, String trace, String lastEvents, String plan,
        long events, long operations, boolean inconclusive) {

    /** The one-line summary {@code seed S: ok trace=H} or {@code seed S: FAILED ...}. */
    public String summary() {
        return ok ? "seed " + seed + ": ok trace=" + trace
                : "seed " + seed + ": FAILED " + failure.lines().findFirst().orElse("") + " trace=" + trace;
    }
}
