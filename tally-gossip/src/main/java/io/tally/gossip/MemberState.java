package io.tally.gossip;

/** The state one node believes another member is in. */
public enum MemberState {
    /** Answers probes (or has not been suspected since its last alive announcement). */
    ALIVE,
    /** Missed a probe; will be declared dead unless it refutes before its suspicion timeout. */
    SUSPECT,
    /** Declared failed; kept (and gossiped about) until reaped. */
    DEAD,
    /** Left gracefully; kept until reaped like a dead member. */
    LEFT;

    /** Whether the member counts as part of the live cluster (alive or suspect). */
    public boolean isLive() {
        return this == ALIVE || this == SUSPECT;
    }
}
