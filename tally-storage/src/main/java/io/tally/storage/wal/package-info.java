/**
 * The Raft write-ahead log: segmented append-only files of CRC32C-framed records
 * ({@link io.tally.storage.wal.WalRecordCodec}), recovery that truncates a torn tail and refuses any
 * other corruption ({@link io.tally.storage.wal.WalCorruptionException}), the synchronous thread-free
 * core ({@link io.tally.storage.wal.Wal}) and the group-commit thread on top of it
 * ({@link io.tally.storage.wal.GroupCommitWal}).
 */
package io.tally.storage.wal;
