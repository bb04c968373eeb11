package io.tally.store.command;

import java.util.List;
import java.util.Objects;

/**
 * A stored file: its name, total size, content type, SHA-256 of the whole content and the ordered list of
 * chunks whose concatenation is the content. Committed through the log only after every chunk is stored
 * on the replicas (docs/data-model.md, "Files by reference").
 */
public record FileManifest(String name, long sizeBytes, String contentType, Bytes sha256, List<ChunkRef> chunks) {
    public FileManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        chunks = List.copyOf(chunks);
    }
}
