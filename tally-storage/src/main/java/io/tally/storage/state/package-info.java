/**
 * State of the strong keyspaces on RocksDB: {@link io.tally.storage.state.StateStore} applies each batch
 * with its applied index in one atomic WriteBatch, keeps the client-session table and the chunk references,
 * takes checkpoints and installs received snapshots atomically. {@link io.tally.storage.state.SnapshotArchive}
 * turns a checkpoint into one checksummed byte stream sent in chunks and
 * {@link io.tally.storage.state.SnapshotReceiver} rebuilds it, resumably, on the follower.
 */
package io.tally.storage.state;
