package io.tally.raft;

import java.util.TreeMap;

/** Candidate: votes received in the current term; {@code transfer} if campaigning because of TimeoutNow. */
final class CandidateState implements RoleState {
    final TreeMap<String, Boolean> votes = new TreeMap<>();
    final boolean transfer;

    CandidateState(boolean transfer) {
        this.transfer = transfer;
    }

    @Override
    public Role role() {
        return Role.CANDIDATE;
    }
}
