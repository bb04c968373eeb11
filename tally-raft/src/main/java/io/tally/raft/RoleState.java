package io.tally.raft;

/**
 * The current role of a node as a type carrying only that role's state. Transitions are owned and documented by
 * {@link RaftNode}.
 */
sealed interface RoleState permits FollowerState, PreCandidateState, CandidateState, LeaderState {
    Role role();
}
