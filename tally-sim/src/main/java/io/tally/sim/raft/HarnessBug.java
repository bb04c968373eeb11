package io.tally.sim.raft;

/**
 * Deliberate mistakes the node harness can make, so tests can show the simulator catches them (a
 * checker that never fails proves nothing). Never used outside tests.
 */
enum HarnessBug {
    /** Correct behaviour. */
    NONE,
    /** fsync is a no-op: a crash loses writes the node already promised (votes, acknowledged entries). */
    SYNC_IS_A_NO_OP,
    /** Followers acknowledge (and vote) before their write is durable, then crash. */
    SEND_BEFORE_PERSIST,
    /** Reads are answered from the local state machine at once, without ReadIndex (stale reads). */
    READ_LOCALLY
}
