/**
 * Content-addressed chunks for files: {@link io.tally.storage.chunk.ChunkStore} stores each chunk once
 * under its SHA-256, writes atomically and collects chunks no state references.
 */
package io.tally.storage.chunk;
