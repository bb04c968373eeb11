/**
 * SWIM membership with the Lifeguard refinements, as a pure, single-threaded state machine.
 *
 * <p>{@link io.tally.gossip.SwimNode} is the core: the runtime (or the simulator) feeds it received
 * messages ({@code step}), the passing of time ({@code tick}) and application requests ({@code
 * join}, {@code leave}, {@code broadcast}); it answers with a {@link io.tally.gossip.SwimOutput}
 * batch of datagrams and stream (TCP) sends, membership events and delivered user broadcasts. The
 * core never reads a clock, never sleeps, does no I/O and draws randomness only from the one seeded
 * {@link java.util.Random} it is given. The formulas live in {@link io.tally.gossip.SwimMath}.
 * Protocol description, knobs and measurements: {@code docs/gossip.md}.
 */
package io.tally.gossip;
