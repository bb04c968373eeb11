/**
 * A linearizability checker for client histories: Wing &amp; Gong's backtracking search with Lowe's
 * memoization of (set of linearized operations, model state), run separately per key
 * (linearizability is compositional), with a bound on search steps that yields
 * {@link io.tally.sim.linearizability.Verdict#INCONCLUSIVE} instead of hanging.
 *
 * <p>An {@link io.tally.sim.linearizability.Operation} has an invoke and a complete time (any
 * strictly comparable logical clock: the simulator uses event sequence numbers) and an output;
 * a pending operation (timed out, outcome unknown) has no output and no completion, and may or may
 * not have taken effect. {@link io.tally.sim.linearizability.KvModel} is the counter/register
 * model used by the Raft simulation. Single-threaded, pure.
 */
package io.tally.sim.linearizability;
