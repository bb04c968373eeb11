package io.tally.raft;

import java.util.TreeMap;

/** Pre-candidate: pre-votes received for term + 1 (the node's own term is unchanged). */
final class PreCandidateState implements RoleState {
    final TreeMap<String, Boolean> votes = new TreeMap<>();

    @Override
    public Role role() {
        return Role.PRE_CANDIDATE;
    }
}
