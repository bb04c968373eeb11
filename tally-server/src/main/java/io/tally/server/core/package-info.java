/**
 * The node core: one thread ({@link io.tally.server.core.NodeLoop}) takes
 * {@link io.tally.server.core.NodeEvent}s from one bounded queue fed by the HTTP threads, the transport
 * thread and a ticker, and hands them in order to {@link io.tally.server.core.NodeCore}, which owns the
 * node's state (for now: the membership it knows, behind {@link io.tally.server.core.Membership}). Only the
 * loop thread touches the core; everything else talks to it through the queue and futures.
 */
package io.tally.server.core;
