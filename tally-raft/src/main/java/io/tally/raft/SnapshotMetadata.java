package io.tally.raft;

import java.util.Objects;

/**
 * Describes a snapshot: the state machine reflects every entry up to and including {@code index}.
 *
 * @param index         last log index included in the snapshot (0 for the bootstrap snapshot)
 * @param term          term of the entry at {@code index} (0 for the bootstrap snapshot)
 * @param configuration membership configuration in effect at {@code index}
 */
public record SnapshotMetadata(long index, long term, Configuration configuration) {
    public SnapshotMetadata {
        Objects.requireNonNull(configuration, "configuration");
        if (index < 0 || term < 0) {
            throw new IllegalArgumentException("snapshot index and term must be >= 0, got " + index + ", " + term);
        }
    }
}
