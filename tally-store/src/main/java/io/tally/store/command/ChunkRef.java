package io.tally.store.command;

import java.util.HexFormat;
import java.util.Objects;

/** One chunk of a file: its SHA-256 (32 bytes, the chunk store's address) and its size in bytes. */
public record ChunkRef(Bytes sha256, int sizeBytes) {
    public ChunkRef {
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The chunk id as the chunk store names it: 64 lowercase hex chars. */
    public String hex() {
        return HexFormat.of().formatHex(sha256.array());
    }
}
