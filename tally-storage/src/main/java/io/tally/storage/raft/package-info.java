/**
 * {@link io.tally.raft.storage.RaftStorage} on the WAL: {@link io.tally.storage.raft.WalRaftStorage} keeps
 * entries and the hard state in the {@link io.tally.storage.wal.Wal} and snapshots in atomically written
 * files ({@link io.tally.storage.raft.SnapshotFileCodec}); {@link io.tally.storage.raft.RaftRecordCodec}
 * encodes Raft's types into WAL record payloads.
 */
package io.tally.storage.raft;
