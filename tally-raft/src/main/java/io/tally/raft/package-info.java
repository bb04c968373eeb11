/**
 * Raft consensus as a pure, deterministic state machine (no I/O, threads, clock or unseeded randomness).
 *
 * <p>Entry point: {@link io.tally.raft.RaftNode}. The runtime (server or simulator) drives a node with
 * {@code tick()}, {@code step(message)}, {@code propose(...)} and {@code readIndex(...)}, then drains one
 * {@link io.tally.raft.Ready} batch, persists it through {@link io.tally.raft.storage.RaftStorage}, sends its
 * messages, applies its committed entries and calls {@code advance(ready)}. See docs/raft.md for the contract.
 */
package io.tally.raft;
