package io.tally.wire.raft;

import com.google.protobuf.UnsafeByteOperations;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.SnapshotChunk;
import io.tally.wire.proto.SnapshotChunkRequest;
import io.tally.wire.proto.SnapshotChunkStatus;

/**
 * Envelopes of the snapshot archive stream ({@code snapshot_transfer.proto}): a follower's {@link Request} for the
 * archive bytes of one snapshot at an offset, and the sender's {@link Chunk} answer. {@link #decode} checks what the
 * receiver relies on (index and term at least 1, offsets and sizes in range, chunk no larger than
 * {@link #CHUNK_BYTES_MAX}) and throws {@link IllegalArgumentException} naming what was expected, so a bad frame is
 * dropped on the transport thread. Stateless; any thread.
 */
public final class SnapshotTransferCodec {
    /** Largest chunk a request may ask for and a chunk may carry, in bytes. */
    public static final int CHUNK_BYTES_MAX = 8 << 20;

    private SnapshotTransferCodec() {
    }

    /** Asks for {@code bytesMax} archive bytes of snapshot (index, term) from {@code offset}. */
    public record Request(long index, long term, long offset, int bytesMax) {
    }

    /**
     * Archive bytes of snapshot (index, term) at {@code offset}; {@code available} false (and no data) when the
     * sender does not hold that snapshot, with the reason in {@code message}. {@code data} must not be modified.
     */
    public record Chunk(long index, long term, long offset, byte[] data, int crc32c, boolean last, long totalBytes,
                        boolean available, String message) {
        /** The answer saying the sender does not hold snapshot (index, term). */
        public static Chunk unavailable(long index, long term, long offset, String why) {
            return new Chunk(index, term, offset, new byte[0], 0, false, 0, false, why);
        }
    }

    public static Envelope envelope(Request r) {
        return Envelope.newBuilder().setSnapshotChunkRequest(SnapshotChunkRequest.newBuilder().setIndex(r.index())
                .setTerm(r.term()).setOffset(r.offset()).setBytesMax(r.bytesMax())).build();
    }

    /** The envelope of a chunk; wraps {@code data} without copying it. */
    public static Envelope envelope(Chunk c) {
        return Envelope.newBuilder().setSnapshotChunk(SnapshotChunk.newBuilder().setIndex(c.index()).setTerm(c.term())
                .setOffset(c.offset()).setData(UnsafeByteOperations.unsafeWrap(c.data())).setCrc32C(c.crc32c())
                .setLast(c.last()).setTotalBytes(c.totalBytes())
                .setStatus(c.available() ? SnapshotChunkStatus.SNAPSHOT_CHUNK_OK : SnapshotChunkStatus.SNAPSHOT_CHUNK_UNAVAILABLE)
                .setMessage(c.message() == null ? "" : c.message())).build();
    }

    public static Request decode(SnapshotChunkRequest m) {
        position(m.getIndex(), m.getTerm(), m.getOffset());
        if (m.getBytesMax() < 1 || m.getBytesMax() > CHUNK_BYTES_MAX) {
            throw new IllegalArgumentException("expected bytes_max in 1.." + CHUNK_BYTES_MAX + ", got " + Integer.toUnsignedString(m.getBytesMax()));
        }
        return new Request(m.getIndex(), m.getTerm(), m.getOffset(), m.getBytesMax());
    }

    public static Chunk decode(SnapshotChunk m) {
        position(m.getIndex(), m.getTerm(), m.getOffset());
        return switch (m.getStatus()) {
            case SNAPSHOT_CHUNK_OK -> {
                int n = m.getData().size();
                if (n > CHUNK_BYTES_MAX) {
                    throw new IllegalArgumentException("expected at most " + CHUNK_BYTES_MAX + " chunk bytes, got " + n);
                }
                long end = m.getOffset() + n;
                if (m.getTotalBytes() < 0 || end > m.getTotalBytes() || m.getLast() != (end == m.getTotalBytes())) {
                    throw new IllegalArgumentException("expected chunk [" + m.getOffset() + ", " + end + ") inside an archive of "
                            + Long.toUnsignedString(m.getTotalBytes()) + " bytes, last exactly when it reaches the end (last=" + m.getLast() + ")");
                }
                yield new Chunk(m.getIndex(), m.getTerm(), m.getOffset(), m.getData().toByteArray(), m.getCrc32C(), m.getLast(),
                        m.getTotalBytes(), true, "");
            }
            case SNAPSHOT_CHUNK_UNAVAILABLE -> Chunk.unavailable(m.getIndex(), m.getTerm(), m.getOffset(), m.getMessage());
            case UNRECOGNIZED -> throw new IllegalArgumentException("expected status OK or UNAVAILABLE, got " + m.getStatusValue());
        };
    }

    private static void position(long index, long term, long offset) {
        if (index < 1 || term < 1 || offset < 0) {
            throw new IllegalArgumentException("expected snapshot index >= 1, term >= 1 and offset >= 0, got "
                    + Long.toUnsignedString(index) + ", " + Long.toUnsignedString(term) + ", " + Long.toUnsignedString(offset));
        }
    }
}
