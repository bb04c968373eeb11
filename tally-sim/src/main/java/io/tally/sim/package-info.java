/**
 * The deterministic simulator: many nodes in one thread on a simulated clock, network and disk.
 *
 * <p>Sub-packages: {@link io.tally.sim.kernel} (generic scheduler, seeded randomness, network, trace
 * hash; reused by the gossip simulator), {@link io.tally.sim.linearizability} (Wing–Gong/Lowe
 * checker), {@link io.tally.sim.disk} (simulated disk with crash and torn writes) and
 * {@link io.tally.sim.raft} (the Raft cluster simulation, its faults and its invariant checks).
 * Everything here is single-threaded and deterministic: the same seed gives the same run.
 */
package io.tally.sim;
