package io.tally.server.core;

import io.tally.server.config.HostPort;
import java.util.List;

/**
 * The network effects the core asks for, implemented by the runtime over the peer transport. Called only
 * from the node loop thread; implementations must not block (they queue).
 */
public interface PeerNetwork {
    /** Keep a connection to this member. */
    void connect(String nodeId, HostPort peer);

    /** Dial an address whose node id is not known yet. */
    void join(HostPort peer);

    /** Send the members this node knows to a connected peer; false if the transport refused it. */
    boolean sendMembers(String toNodeId, List<MemberInfo> members);
}
