package io.tally.wire.files;

import java.util.List;
import java.util.Objects;

/**
 * A decoded file-chunk peer message. Chunk ids are SHA-256 digests as 64 lowercase hex chars (the
 * {@code ChunkStore} address); {@code requestId} is chosen by the asking node and echoed in the answer.
 * Records are immutable except that {@code data} arrays are handed over without a copy.
 */
public sealed interface ChunkMessage {

    /** The request id the message carries. */
    long requestId();

    /** Store {@code data} (whose SHA-256 the sender claims is {@code chunk}) durably and ack. */
    record Push(long requestId, String chunk, byte[] data) implements ChunkMessage {
        public Push {
            Objects.requireNonNull(chunk, "chunk");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Answer to a {@link Push}: {@code stored} once durable, else why not in {@code message}. */
    record PushAck(long requestId, String chunk, boolean stored, String message) implements ChunkMessage {
        public PushAck {
            Objects.requireNonNull(chunk, "chunk");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Send me {@code chunk}. */
    record Fetch(long requestId, String chunk) implements ChunkMessage {
        public Fetch {
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /** Answer to a {@link Fetch}: the bytes when {@code found} (unverified: the receiver checks the hash). */
    record FetchReply(long requestId, String chunk, boolean found, byte[] data) implements ChunkMessage {
        public FetchReply {
            Objects.requireNonNull(chunk, "chunk");
            Objects.requireNonNull(data, "data");
        }
    }

    /** Which of {@code chunks} do you hold? */
    record Have(long requestId, List<String> chunks) implements ChunkMessage {
        public Have {
            chunks = List.copyOf(chunks);
        }
    }

    /** Answer to {@link Have}: the subset held. */
    record HaveReply(long requestId, List<String> present) implements ChunkMessage {
        public HaveReply {
            present = List.copyOf(present);
        }
    }

}
