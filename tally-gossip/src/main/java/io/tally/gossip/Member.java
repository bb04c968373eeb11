package io.tally.gossip;

/**
 * An immutable snapshot of one member as this node sees it.
 *
 * @param id unique node id
 * @param address peer address (host:port for UDP and TCP)
 * @param meta endpoints, voter eligibility, version
 * @param incarnation the member's incarnation number; only the member itself raises it
 * @param state alive, suspect, dead or left
 * @param stateChangeMs the local time (ms) at which this node last changed the member's state
 */
public record Member(
        String id, String address, NodeMeta meta, long incarnation, MemberState state, long stateChangeMs) {}
