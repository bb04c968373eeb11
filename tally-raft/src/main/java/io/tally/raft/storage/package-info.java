/**
 * The durable-storage contract of a Raft node: {@link io.tally.raft.storage.RaftStorage} is implemented by the WAL
 * (tally-storage) and by the simulator's disk; {@link io.tally.raft.storage.MemoryRaftStorage} is a reference
 * implementation for tests and benchmarks.
 */
package io.tally.raft.storage;
