/**
 * Durable storage for a Tally node: the Raft write-ahead log ({@link io.tally.storage.wal}), the
 * file-system abstraction it runs on ({@link io.tally.storage.fs}), the RocksDB state of the strong
 * keyspaces with snapshots ({@link io.tally.storage.state}) and the SHA-256 chunk store for files
 * ({@link io.tally.storage.chunk}). See docs/storage.md for the on-disk formats and recovery rules.
 */
package io.tally.storage;
