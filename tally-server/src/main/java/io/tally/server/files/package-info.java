/**
 * Files by reference on the node runtime: {@link io.tally.server.files.FileService} stores chunks in the local
 * {@code ChunkStore}, replicates them to a majority of voters over the peer transport, fetches missing ones from
 * peers, and proposes manifests through the data-request path. The pure helpers ({@link io.tally.server.files.ByteRange},
 * {@link io.tally.server.files.Chunker}, {@link io.tally.server.files.ManifestJson}) are tested on their own.
 * The HTTP side is {@code io.tally.server.http.FileHttpHandler}. See docs/files.md.
 */
package io.tally.server.files;
