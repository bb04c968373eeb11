/**
 * A small file-system abstraction with a real implementation ({@link io.tally.storage.fs.RealFileSystem})
 * and a deterministic simulated one ({@link io.tally.storage.fs.SimFileSystem}) whose crash drops every
 * byte not covered by a sync and may tear the last unsynced write. Paths are relative, '/'-separated.
 */
package io.tally.storage.fs;
