package io.tally.raft;

import java.util.Objects;

/**
 * A snapshot: metadata plus the application's opaque state bytes (which include its client session table).
 * The {@code data} array must not be modified after construction.
 */
public record Snapshot(SnapshotMetadata metadata, byte[] data) {
    public Snapshot {
        Objects.requireNonNull(metadata, "metadata");
        data = data == null ? new byte[0] : data;
    }

    /** The snapshot a brand-new cluster starts from: index 0, term 0, the initial configuration, no data. */
    public static Snapshot bootstrap(Configuration initial) {
        return new Snapshot(new SnapshotMetadata(0, 0, initial), new byte[0]);
    }

    public long index() {
        return metadata.index();
    }

    public long term() {
        return metadata.term();
    }

    /** Value equality, comparing the data bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && metadata.equals(s.metadata) && java.util.Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return metadata.hashCode() * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Snapshot[" + metadata + ", " + data.length + "B]";
    }
}
