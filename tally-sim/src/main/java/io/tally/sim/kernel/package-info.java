/**
 * A small, generic discrete-event simulation kernel. Single-threaded; nothing here reads a clock,
 * starts a thread or uses unseeded randomness, so a run is a pure function of its seed.
 *
 * <h2>How to use it (e.g. for SWIM)</h2>
 * <pre>{@code
 * SimRandom rnd = new SimRandom(seed);                  // the one seed of the run
 * Scheduler sched = new Scheduler(1_000_000);           // bound on queued events
 * SimNetwork<MyMsg> net = new SimNetwork<>(sched, rnd.stream("network"), nodeCount,
 *         NetworkConfig.lan(10),                        // 10 ms latency, no faults
 *         (from, to, msg) -> nodes[to].receive(from, msg, sched.nowMs()));
 * sched.every(0, 5, "tick", () -> { for (Node n : nodes) n.tick(sched.nowMs()); });   // periodic
 * net.send(0, 3, new Ping());                           // delivered later by the scheduler
 * net.partition(List.of(0, 1));                         // {0,1} vs the rest, both directions
 * net.cutOneWay(2, 4);  net.heal();
 * sched.runUntil(60_000);                               // simulated milliseconds
 * String hash = sched.trace().hex();                    // same seed => same hash, always
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.tally.sim.kernel.Scheduler}: the simulated clock (milliseconds) and event queue.
 *       Events run in (time, sequence) order, so two events at the same millisecond run in the
 *       order they were scheduled. Every executed event's time and label is folded into the
 *       {@link io.tally.sim.kernel.TraceHasher}; fold your own facts in with {@code trace().fold}.</li>
 *   <li>{@link io.tally.sim.kernel.SimRandom}: derives independent {@link java.util.Random} streams
 *       per purpose ("network", "node-3", "faults") from the one seed, so adding draws to one
 *       purpose does not shift the choices of another.</li>
 *   <li>{@link io.tally.sim.kernel.SimNetwork}: a network for any message type: latency with
 *       jitter, loss, duplication, reordering (an occasional extra delay), one-way and two-way
 *       partitions, healing. Nodes are numbered {@code 0..nodeCount-1}; map your ids to indexes.
 *       A message crossing a link that is cut when it is sent, or when it would arrive, is lost.
 *       The network does not know whether a node is up: the delivery callback decides.</li>
 * </ul>
 */
package io.tally.sim.kernel;
