package io.tally.raft;

/** How a leader confirms it may serve a linearizable read. */
public enum ReadMode {
    /** ReadIndex: a heartbeat round acknowledged by a quorum after the read arrived. No clock assumption. */
    SAFE,
    /**
     * Leader lease: serve at once while a quorum acknowledged a heartbeat sent less than
     * electionTimeoutTicks - leaseDriftMarginTicks ago. Assumes bounded clock drift; needs checkQuorum.
     */
    LEASE
}
