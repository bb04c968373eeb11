package io.tally.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.storage.fs.SimFileSystem;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files truncated and corrupted on purpose at chosen offsets: a torn tail is cut, every other kind of
 * damage refuses to start with the file, the offset and the rebuild instructions.
 */
class WalRecoveryTest {

    private static final Wal.Options SMALL = new Wal.Options(2048, 256);
    private static final String SEG1 = "wal/" + Wal.segmentName(1);
    private static final String SEG2 = "wal/" + Wal.segmentName(2);

    private final SimFileSystem fs = new SimFileSystem(new Random(1));

    private Wal withEntries(int count) throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        wal.append(WalTestSupport.entries(1, count, 1, 50));
        wal.setHardState(new byte[] {1, 2, 3});
        wal.sync();
        return wal;
    }

    private long lastRecordOffset(String path) throws Exception {
        byte[] bytes = fs.contents(path);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long last = 0;
        while (b.hasRemaining()) {
            last = b.position();
            WalRecordCodec.decode(b, WalRecordCodec.BODY_BYTES_LIMIT, path, last);
        }
        return last;
    }

    @Test
    void aTailTornAtEveryOffsetOfTheLastRecordIsCutAndEverythingBeforeItKept() throws Exception {
        withEntries(10).close();
        byte[] full = fs.contents(SEG1);
        long lastStart = lastRecordOffset(SEG1); // the hard state record
        for (long cut = lastStart; cut < full.length; cut++) {
            SimFileSystem copy = new SimFileSystem(new Random(2));
            copy.mkdirs("wal");
            try (var h = copy.open(SEG1, true)) {
                h.append(ByteBuffer.wrap(full, 0, (int) cut));
                h.sync();
            }
            copy.syncDir("wal");
            Wal wal = Wal.open(copy, "wal", SMALL);
            assertThat(wal.lastIndex()).isEqualTo(10);
            assertThat(wal.hardState()).isEmpty();
            assertThat(wal.recovery().tornOffset()).isEqualTo(cut == lastStart ? -1 : lastStart);
            assertThat(copy.contents(SEG1)).hasSize((int) lastStart);
            wal.close();
        }
    }

    @Test
    void garbageAtTheEndIsATornTail() throws Exception {
        withEntries(5).close();
        int size = fs.contents(SEG1).length;
        try (var h = fs.open(SEG1, false)) {
            h.append(ByteBuffer.wrap(new byte[100]));
            h.sync();
        }
        Wal wal = Wal.open(fs, "wal", SMALL);
        assertThat(wal.lastIndex()).isEqualTo(5);
        assertThat(wal.recovery().tornOffset()).isEqualTo(size);
        assertThat(wal.recovery().truncatedBytes()).isEqualTo(100);
        assertThat(wal.hardState()).contains(new byte[] {1, 2, 3});
    }

    @Test
    void aLargeZeroFilledTailIsCut() throws Exception {
        withEntries(5).close();
        int size = fs.contents(SEG1).length;
        try (var h = fs.open(SEG1, false)) {
            h.append(ByteBuffer.wrap(new byte[4 << 20]));
            h.sync();
        }
        Wal wal = Wal.open(fs, "wal", SMALL);
        assertThat(wal.lastIndex()).isEqualTo(5);
        assertThat(wal.recovery().tornOffset()).isEqualTo(size);
        assertThat(fs.contents(SEG1)).hasSize(size);
    }

    @Test
    void aCorruptRecordFollowedByValidRecordsRefusesToStartNamingFileAndOffset() throws Exception {
        withEntries(5).close();
        // entry 3: header (49) + 4 entries of 9+16+50 bytes before... find it by decoding
        byte[] bytes = fs.contents(SEG1);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long third = -1;
        while (b.hasRemaining()) {
            long off = b.position();
            var d = WalRecordCodec.decode(b, WalRecordCodec.BODY_BYTES_LIMIT, SEG1, off);
            if (d.record() instanceof WalRecord.Entry e && e.index() == 3) {
                third = off;
            }
        }
        fs.corrupt(SEG1, third + 30, new byte[] {(byte) (bytes[(int) third + 30] ^ 0x40)});
        long at = third;
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("refusing to start")
                .hasMessageContaining(SEG1 + " at offset " + at)
                .hasMessageContaining("CRC32C mismatch")
                .hasMessageContaining("valid records follow it")
                .hasMessageContaining("remove its data directory")
                .hasMessageContaining("--join");
    }

    @Test
    void aCorruptLengthInTheMiddleIsNotMistakenForATornTail() throws Exception {
        withEntries(5).close();
        // the first entry's length field claims far more bytes than the file holds
        long firstEntry = WalRecordCodec.frameBytes(new WalRecord.SegmentHeader(1, 0, 0, 0));
        fs.corrupt(SEG1, firstEntry, new byte[] {0, 0, 0, (byte) 200});
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(SEG1 + " at offset " + firstEntry);
    }

    @Test
    void damageInASealedSegmentRefusesEvenAtItsEnd() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < 40; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.sync();
        wal.close();
        assertThat(fs.list("wal")).contains(Wal.segmentName(2));
        int size = fs.contents(SEG1).length;
        fs.truncateDurably(SEG1, size - 3);
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(SEG1)
                .hasMessageContaining("sealed segment");
    }

    @Test
    void aMissingMiddleSegmentRefuses() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < 80; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.sync();
        wal.close();
        assertThat(fs.list("wal").size()).isGreaterThanOrEqualTo(3);
        fs.delete(SEG2);
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("segment 2 is missing");
    }

    @Test
    void aMissingFirstSegmentWithLiveEntriesRefuses() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < 40; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.sync();
        wal.close();
        fs.delete(SEG1);
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("is live but its segment (before this one) is gone");
    }

    @Test
    void aSegmentWithoutHeaderRefuses() throws Exception {
        withEntries(3).close();
        fs.corrupt(SEG1, 9, new byte[] {0, 0, 0, 0}); // magic of the header: header CRC fails, entries follow
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(SEG1 + " at offset 0");
    }

    @Test
    void aLastSegmentTornInsideItsHeaderStartsAgainFromTheLogBeforeIt() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < 40; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.sync();
        long last = wal.lastIndex();
        wal.close();
        List<String> names = fs.list("wal");
        String tail = "wal/" + names.get(names.size() - 1);
        long lastSeq = names.size();
        // cut the last segment to a few bytes of its header, and drop the entries it had
        fs.truncateDurably(tail, 5);
        Wal again = Wal.open(fs, "wal", SMALL);
        assertThat(again.recovery().tornFile()).isEqualTo(tail);
        assertThat(again.lastIndex()).isLessThan(last);
        assertThat(fs.list("wal")).hasSize((int) lastSeq);
        again.append(WalTestSupport.entries(again.lastIndex() + 1, 2, 2, 10));
        again.sync();
        long l = again.lastIndex();
        again.close();
        assertThat(Wal.open(fs, "wal", SMALL).lastIndex()).isEqualTo(l);
    }

    @Test
    void theOnlySegmentLeftAfterCompactionWithADamagedHeaderRefuses() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        for (int i = 0; i < 40; i++) {
            wal.append(WalTestSupport.entries(wal.lastIndex() + 1, 1, 1, 100));
        }
        wal.compact(40, 1);
        wal.sync();
        wal.close();
        List<String> names = fs.list("wal");
        assertThat(names).hasSize(1);
        fs.truncateDurably("wal/" + names.get(0), 20);
        assertThatThrownBy(() -> Wal.open(fs, "wal", SMALL))
                .isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining("lost its header");
    }

    @Test
    void anEmptyDirectoryStartsAnEmptyLog() throws Exception {
        Wal wal = Wal.open(fs, "wal", SMALL);
        assertThat(wal.lastIndex()).isZero();
        assertThat(wal.firstIndex()).isEqualTo(1);
        assertThat(fs.list("wal")).containsExactly(Wal.segmentName(1));
    }
}
