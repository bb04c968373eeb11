package io.tally.server.core;

import java.util.List;

/** What the membership asks the runtime to do on the network. Handled by pattern-matching switch. */
public sealed interface MembershipAction {
    /** Keep a connection to this member (dial it now and after every disconnect). */
    record Connect(String nodeId, io.tally.server.config.HostPort peer) implements MembershipAction {}

    /** Dial an address whose node id is not known yet (a {@code --join} address). */
    record Join(io.tally.server.config.HostPort peer) implements MembershipAction {}

    /**
     * {@code --bootstrap-expect N}: at least {@code expect} voter-eligible members are alive (ids sorted,
     * this node included when it is one). Emitted once per node start; the Raft wiring forms the group
     * from {@code voterIds} (when it has no Raft state yet).
     */
    record Bootstrap(int expect, List<String> voterIds) implements MembershipAction {
        public Bootstrap {
            voterIds = List.copyOf(voterIds);
        }
    }

    /** Send the members this node knows to a connected peer. */
    record SendMembers(String toNodeId, List<MemberInfo> members) implements MembershipAction {
        public SendMembers {
            members = List.copyOf(members);
        }
    }
}
