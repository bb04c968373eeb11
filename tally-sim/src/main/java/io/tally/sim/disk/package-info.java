/**
 * The simulated disk: a {@link io.tally.raft.storage.RaftStorage} whose writes are buffered until
 * {@code sync()}, and where a crash keeps only the synced writes plus a random in-order prefix of
 * the unsynced ones, the last of which may be torn (its checksum no longer matches, so recovery
 * detects and drops it). Slow disks are modelled by the node harness, which delays the moment it
 * calls {@code sync()}. Single-threaded, deterministic (randomness passed in).
 */
package io.tally.sim.disk;
