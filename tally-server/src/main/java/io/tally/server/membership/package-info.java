/**
 * SWIM gossip membership in the node runtime: {@link io.tally.server.membership.SwimMembership} drives the
 * pure {@code io.tally.gossip.SwimNode} from the node loop (ticks, received datagrams and push-pulls) and
 * sends its output through a {@link io.tally.server.membership.GossipNetwork} (UDP datagrams, TCP
 * push-pulls over the peer transport). See docs/gossip.md, section "Runtime".
 */
package io.tally.server.membership;
