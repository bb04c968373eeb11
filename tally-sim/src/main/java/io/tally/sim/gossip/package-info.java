/**
 * The SWIM membership ({@link io.tally.gossip.SwimNode}) run N times on the deterministic
 * simulation kernel ({@link io.tally.sim.kernel}): {@link io.tally.sim.gossip.GossipCluster} wires
 * nodes to a simulated UDP network (lossy) and a simulated TCP network (reliable, same latency),
 * with crashes and pauses; {@link io.tally.sim.gossip.GossipSimulation} runs the measured scenario
 * (load, broadcast dissemination, crash detection, false positives with and without Lifeguard)
 * behind {@code tally sim gossip}. Single-threaded; a run is a pure function of its parameters.
 */
package io.tally.sim.gossip;
