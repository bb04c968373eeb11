package io.tally.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class WalRecordCodecTest {

    @Provide
    Arbitrary<WalRecord> records() {
        Arbitrary<Long> nonNeg = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        Arbitrary<Long> pos = Arbitraries.longs().between(1, Long.MAX_VALUE / 2);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
                Combinators.combine(pos, nonNeg, nonNeg).as((s, c, t) -> (WalRecord) new WalRecord.SegmentHeader(s, c, t, c + 5)),
                Combinators.combine(pos, nonNeg, bytes).as((i, t, d) -> (WalRecord) new WalRecord.Entry(i, t, d)),
                bytes.map(b -> (WalRecord) new WalRecord.HardState(b)),
                pos.map(f -> (WalRecord) new WalRecord.Truncate(f)),
                Combinators.combine(nonNeg, nonNeg, Arbitraries.of(true, false)).as((i, t, k) -> (WalRecord) new WalRecord.Compact(i, t, k)));
    }

    @Property
    void everyRecordDecodesToItself(@ForAll("records") WalRecord r) throws Exception {
        byte[] frame = WalRecordCodec.encode(r);
        ByteBuffer buf = ByteBuffer.wrap(frame);
        WalRecordCodec.Decoded d = WalRecordCodec.decode(buf, WalRecordCodec.BODY_BYTES_LIMIT, "t", 0);
        assertThat(d).isNotNull();
        assertThat(d.record()).isEqualTo(r);
        assertThat(d.frameBytes()).isEqualTo(frame.length);
        assertThat(buf.hasRemaining()).isFalse();
    }

    @Property
    void aShortFrameIsIncompleteNotAnotherRecord(@ForAll("records") WalRecord r, @ForAll @IntRange(min = 0, max = 400) int cut) throws Exception {
        byte[] frame = WalRecordCodec.encode(r);
        int keep = cut % frame.length;
        assertThat(WalRecordCodec.decode(ByteBuffer.wrap(Arrays.copyOf(frame, keep)), WalRecordCodec.BODY_BYTES_LIMIT, "t", 0)).isNull();
    }

    @Property
    void anyFlippedBitIsDetected(@ForAll("records") WalRecord r, @ForAll @IntRange(min = 0, max = 100_000) int bit) {
        byte[] frame = WalRecordCodec.encode(r);
        int b = bit % (frame.length * 8);
        frame[b / 8] ^= (byte) (1 << (b % 8));
        try {
            WalRecordCodec.Decoded d = WalRecordCodec.decode(ByteBuffer.wrap(frame), WalRecordCodec.BODY_BYTES_LIMIT, "t", 0);
            // A flipped length bit may make the frame look longer than the buffer: incomplete, never a record.
            assertThat(d).isNull();
        } catch (WalCorruptionException e) {
            assertThat(e.getMessage()).contains("t at offset 0");
        }
    }

    @Property
    void aLengthAboveTheMaximumIsRejectedBeforeAllocating(@ForAll @IntRange(min = 1025, max = Integer.MAX_VALUE) int len) {
        ByteBuffer buf = ByteBuffer.allocate(WalRecordCodec.HEADER_BYTES).putInt(len).put(WalRecord.Entry.TYPE).putInt(0).flip();
        assertThatThrownBy(() -> WalRecordCodec.decode(buf, 1024, "seg", 77))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("seg at offset 77")
                .hasMessageContaining("outside 0..1024");
    }
}
