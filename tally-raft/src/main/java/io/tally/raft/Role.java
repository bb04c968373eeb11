package io.tally.raft;

/** Observable role of a node (the internal role types carry each role's own state). */
public enum Role {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
