/**
 * The data layer of the strong keyspaces ({@code tally-store}'s {@link io.tally.store.state.DataStateMachine}) in
 * the simulator: {@link io.tally.sim.data.DataSimStateMachine} (the state machine of one simulated node, with
 * snapshots), the counter, register and items workloads with their sequential models for the linearizability
 * checker ({@link io.tally.sim.data.DataWorkload}), and {@link io.tally.sim.data.LogSimulation}, a seeded run of
 * replicas applying one sequenced log with lost messages, client retries in sessions, crashes and restarts from
 * snapshots, checked for linearizability and convergence, and {@link io.tally.sim.data.RaftDataWorkload}, which runs a
 * workload on the data state machine under the real Raft simulation ({@code io.tally.sim.raft}). Pure and single-threaded (simulation thread).
 */
package io.tally.sim.data;
