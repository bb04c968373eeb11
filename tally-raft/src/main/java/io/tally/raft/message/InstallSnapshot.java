package io.tally.raft.message;

import io.tally.raft.SnapshotMetadata;

/**
 * One chunk of a snapshot sent to a follower that needs entries the leader has discarded.
 *
 * @param offset byte offset of {@code chunk} in the snapshot data
 * @param done   true on the last chunk
 */
public record InstallSnapshot(String from, String to, long term, SnapshotMetadata metadata, long offset,
                              byte[] chunk, boolean done) implements RaftMessage {

    /** Value equality, comparing the chunk bytes by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof InstallSnapshot m && from.equals(m.from) && to.equals(m.to) && term == m.term
                && metadata.equals(m.metadata) && offset == m.offset && done == m.done
                && java.util.Arrays.equals(chunk, m.chunk);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(from, to, term, metadata, offset, done) * 31 + java.util.Arrays.hashCode(chunk);
    }

    @Override
    public String toString() {
        return "InstallSnapshot[" + from + "->" + to + " term=" + term + " " + metadata + " offset=" + offset + " "
                + chunk.length + "B" + (done ? " done" : "") + "]";
    }
}
