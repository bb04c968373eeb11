package io.tally.sim.raft;

/** A broken invariant found by the simulation: the run fails with this message. */
public final class SafetyViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SafetyViolation(String message) {
        super(message);
    }
}
