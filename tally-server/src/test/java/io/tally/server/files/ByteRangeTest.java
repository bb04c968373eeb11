package io.tally.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The single-range forms of RFC 9110 map to the right bytes, unsatisfiable ones to 416, everything else to the whole file. */
class ByteRangeTest {

    @Test
    void theThreeSingleRangeFormsSelectTheRightBytes() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange.Part(0, 9));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.parse("Bytes=5-5 ", 100)).isEqualTo(new ByteRange.Part(5, 5));
    }

    @Test
    void aRangeEndingPastTheFileIsCutAtItsEnd() {
        assertThat(ByteRange.parse("bytes=50-1000", 100)).isEqualTo(new ByteRange.Part(50, 99));
        assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new ByteRange.Part(0, 99));
        assertThat(ByteRange.parse("bytes=0-99999999999999999999999", 100)).isEqualTo(new ByteRange.Part(0, 99));
    }

    @Test
    void aRangeStartingAtOrPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=100-200", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-5", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() {
        for (String h : new String[] {"items=0-5", "bytes=", "bytes=5", "bytes=a-b", "bytes=9-3", "bytes=0-1,5-6", "bytes=--3", "bytes=1-2-3"}) {
            assertThat(ByteRange.parse(h, 100)).as(h).isInstanceOf(ByteRange.Full.class);
        }
        assertThat(ByteRange.parse(null, 100)).isInstanceOf(ByteRange.Full.class);
    }

    @Property(tries = 500)
    void aSatisfiableRangeAlwaysLiesWithinTheFile(@ForAll @LongRange(min = 0, max = 1_000_000) long a,
            @ForAll @LongRange(min = 0, max = 1_000_000) long b, @ForAll @LongRange(min = 0, max = 1_000_000) long size) {
        for (String h : new String[] {"bytes=" + a + "-" + b, "bytes=" + a + "-", "bytes=-" + b}) {
            ByteRange r = ByteRange.parse(h, size);
            if (r instanceof ByteRange.Part p) {
                assertThat(p.first()).isBetween(0L, size - 1);
                assertThat(p.last()).isBetween(p.first(), size - 1);
            }
        }
    }
}
