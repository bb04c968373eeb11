/**
 * The Raft driver of a node: {@link io.tally.server.raft.RaftDriver} runs tally-raft's {@code RaftNode} on the node
 * loop thread (ticks, messages, proposals, ReadIndex reads, write forwarding to the leader) and hands each
 * {@code Ready} to {@link io.tally.server.raft.ApplyWorker} on the storage thread (persist before the messages that
 * depend on it, apply through the data state machine into RocksDB, install and take snapshots), whose completions
 * come back as {@link io.tally.server.raft.RaftEvent}s on the node queue. See docs/strong.md.
 */
package io.tally.server.raft;
