package io.tally.server.core;

/**
 * One member as this node sees it now.
 *
 * @param self whether it is this node
 * @param sinceMs node-clock time (ms) of the last state change
 */
public record MemberView(MemberInfo info, MemberState state, boolean self, long sinceMs) {}
