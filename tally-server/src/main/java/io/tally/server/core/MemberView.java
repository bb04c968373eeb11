package io.tally.server.core;

import java.util.Optional;

/**
 * One member as this node sees it now.
 *
 * @param self whether it is this node
 * @param sinceMs node-clock time (ms) of the last state change
 * @param meta what gossip says about the member beyond its addresses, when the membership knows it
 */
public record MemberView(MemberInfo info, MemberState state, boolean self, long sinceMs, Optional<Meta> meta) {

    /** A view without gossip metadata. */
    public MemberView(MemberInfo info, MemberState state, boolean self, long sinceMs) {
        this(info, state, self, sinceMs, Optional.empty());
    }

    /**
     * Gossip metadata of a member.
     *
     * @param voter whether it may become a Raft voter
     * @param version its software version (may be empty)
     * @param incarnation its SWIM incarnation number
     */
    public record Meta(boolean voter, String version, long incarnation) {}
}
