package io.tally.server.files;

import io.tally.server.core.ApiReply;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.FileManifest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the streaming HTTP handler needs from the node to serve {@code /v1/files} and {@code /v1/chunks}. Every
 * method returns at once (work runs on the file worker threads or the node loop); futures complete on any thread,
 * and fail with {@link Unavailable} when the node cannot do it now (answered 503 + Retry-After). Implemented by
 * {@link FileService}; tests use a fake.
 */
public interface FileApi {

    /** Largest file accepted by {@code PUT /v1/files/{name}} (bytes): 413 above. */
    long FILE_BYTES_MAX = 16L << 30;
    /** Size of the chunks an upload is cut into (bytes). */
    int CHUNK_BYTES = 1 << 20;
    /** Chunks of one upload being stored and replicated at once; the connection stops reading above this. */
    int CHUNKS_IN_FLIGHT_PER_UPLOAD = 4;
    /** Uploads a node takes at once; more get 503 + Retry-After. */
    int UPLOADS_MAX = 4;

    /** The node cannot do it now (no Raft group, no majority reachable, busy): 503 + Retry-After. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** Stores {@code data} durably here and on a majority of voters (this node counted); completes with its reference. */
    CompletableFuture<ChunkRef> storeChunk(byte[] data);

    /** The chunk's verified bytes, fetched from a peer (then stored here) when this node lacks it. */
    CompletableFuture<byte[]> readChunk(String chunkHex);

    /** Which of {@code chunkHexes} are NOT durable on a majority of voters (in the order given). */
    CompletableFuture<List<String>> missing(List<String> chunkHexes);

    /** Commits a manifest whose chunks are stored (proposes {@code FilePut}); the reply as rendered by the data layer. */
    CompletableFuture<ApiReply> commit(String keyspace, FileManifest manifest);

    /** A file's manifest: a linearizable read unless {@code serializable}. */
    CompletableFuture<Lookup> lookup(String keyspace, String name, boolean serializable);

    /** Deletes a file; the reply as rendered by the data layer (404 when absent). */
    CompletableFuture<ApiReply> delete(String keyspace, String name);

    /** Lists files (name order, strictly after {@code after}); the reply as rendered by the data layer. */
    CompletableFuture<ApiReply> list(String keyspace, String prefix, String after, int limit, boolean serializable);

    /** Takes an upload slot; false when {@link #UPLOADS_MAX} uploads are running. */
    boolean tryStartUpload();

    /** Gives an upload slot back. */
    void endUpload();

    /** Answer of {@link #lookup}. */
    sealed interface Lookup {
        /** The file and its version. */
        record Found(FileManifest manifest, long version) implements Lookup {}

        /** No manifest: the reply to give (404, 400, 503...). */
        record Answer(ApiReply reply) implements Lookup {}
    }
}
