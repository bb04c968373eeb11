package io.tally.sim.linearizability;

/** The outcome of a linearizability check. */
public enum Verdict {
    /** A linearization exists for every key. */
    LINEARIZABLE,
    /** Some key's history has no linearization: a real violation. */
    NOT_LINEARIZABLE,
    /** The search step budget ran out before an answer; neither proven nor refuted. */
    INCONCLUSIVE
}
