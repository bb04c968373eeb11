/**
 * The Raft cluster simulation behind {@code tally sim raft} and {@code tally sim raft-election}.
 *
 * <p>{@link io.tally.sim.raft.RaftSimulation} runs one seed: {@link io.tally.sim.raft.SimNode}s
 * (a {@link io.tally.raft.RaftNode}, a {@link io.tally.sim.disk.SimDisk} and a
 * {@link io.tally.sim.raft.SimStateMachine} each, made by the run's {@link io.tally.sim.raft.SimWorkload}:
 * {@link io.tally.sim.raft.KvStateMachine} by default, the data layer's with {@code io.tally.sim.data.RaftDataWorkload}) and {@link io.tally.sim.raft.SimClient}s on one
 * {@link io.tally.sim.kernel.SimNetwork}; faults drawn from the seed by
 * {@link io.tally.sim.raft.FaultPlan}; {@link io.tally.sim.raft.SafetyChecker} after every event;
 * liveness, convergence, durability and linearizability at the end. {@link
 * io.tally.sim.raft.RaftSimRunner} formats what the CLI prints; {@link
 * io.tally.sim.raft.ElectionExperiment} reproduces Figure 16 of the Raft paper. Everything runs on
 * the caller's thread; times are simulated milliseconds.
 */
package io.tally.sim.raft;
