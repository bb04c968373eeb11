package io.tally.wire.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.SnapshotChunk;
import io.tally.wire.proto.SnapshotChunkRequest;
import io.tally.wire.proto.SnapshotChunkStatus;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** Snapshot chunk requests and chunks round-trip through bytes, and what the receiver relies on is checked. */
class SnapshotTransferCodecTest {

    private static Envelope reparse(Envelope e) throws Exception {
        return Envelope.parseFrom(e.toByteArray());
    }

    @Test
    void requestsAndChunksRoundTrip() throws Exception {
        SnapshotTransferCodec.Request r = new SnapshotTransferCodec.Request(10, 2, 1 << 20, 1 << 20);
        assertThat(SnapshotTransferCodec.decode(reparse(SnapshotTransferCodec.envelope(r)).getSnapshotChunkRequest())).isEqualTo(r);

        byte[] data = {1, 2, 3, 4};
        SnapshotTransferCodec.Chunk c = new SnapshotTransferCodec.Chunk(10, 2, 96, data, 0x1234abcd, true, 100, true, "");
        SnapshotTransferCodec.Chunk back = SnapshotTransferCodec.decode(reparse(SnapshotTransferCodec.envelope(c)).getSnapshotChunk());
        assertThat(back.data()).isEqualTo(data);
        assertThat(back).usingRecursiveComparison().ignoringFields("data").isEqualTo(c);

        SnapshotTransferCodec.Chunk gone = SnapshotTransferCodec.Chunk.unavailable(10, 2, 0, "compacted");
        SnapshotTransferCodec.Chunk goneBack = SnapshotTransferCodec.decode(reparse(SnapshotTransferCodec.envelope(gone)).getSnapshotChunk());
        assertThat(goneBack.available()).isFalse();
        assertThat(goneBack.message()).isEqualTo("compacted");
    }

    @Test
    void badPositionsSizesAndLastFlagsAreRejectedWithTheExpectation() {
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunkRequest.newBuilder().setIndex(0).setTerm(1).setBytesMax(10).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected snapshot index >= 1");
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunkRequest.newBuilder().setIndex(1).setTerm(1).setBytesMax(0).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected bytes_max in 1..");
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunkRequest.newBuilder().setIndex(1).setTerm(1)
                .setBytesMax(SnapshotTransferCodec.CHUNK_BYTES_MAX + 1).build())).isInstanceOf(IllegalArgumentException.class);
        // a chunk past the archive's end, and a last flag that does not match the end
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunk.newBuilder().setIndex(1).setTerm(1).setOffset(98)
                .setData(ByteString.copyFrom(new byte[4])).setTotalBytes(100).setLast(true).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside an archive of 100 bytes");
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunk.newBuilder().setIndex(1).setTerm(1).setOffset(96)
                .setData(ByteString.copyFrom(new byte[4])).setTotalBytes(100).setLast(false).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last exactly when");
        assertThatThrownBy(() -> SnapshotTransferCodec.decode(SnapshotChunk.newBuilder().setIndex(1).setTerm(1).setStatusValue(7).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected status");
        assertThat(SnapshotTransferCodec.decode(SnapshotChunk.newBuilder().setIndex(1).setTerm(1)
                .setStatus(SnapshotChunkStatus.SNAPSHOT_CHUNK_OK).setTotalBytes(0).setLast(true).build()).available()).isTrue();
    }
}
