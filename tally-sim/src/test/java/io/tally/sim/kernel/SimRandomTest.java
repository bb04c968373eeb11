package io.tally.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SimRandomTest {

    @Test
    void samePurposeGivesSameStream() {
        SimRandom r = new SimRandom(42);
        assertThat(r.stream("network").nextLong()).isEqualTo(new SimRandom(42).stream("network").nextLong());
    }

    @Test
    void streamsOfDifferentPurposesAreIndependentOfEachOthersDraws() {
        SimRandom r = new SimRandom(7);
        Random a = r.stream("a");
        long firstOfB = r.stream("b").nextLong();
        for (int i = 0; i < 100; i++) {
            a.nextLong();
        }
        assertThat(r.stream("b").nextLong()).isEqualTo(firstOfB);
        assertThat(r.derive("a")).isNotEqualTo(r.derive("b"));
        assertThat(new SimRandom(8).derive("a")).isNotEqualTo(r.derive("a"));
    }

    @Test
    void goldenDerivationIsStableAcrossMachines() {
        // Pinned: if this changes, every recorded trace hash and regression seed changes meaning.
        assertThat(SimRandom.mix64(1)).isEqualTo(0x5692161d100b05e5L);
    }

    @Property
    void betweenStaysInBounds(@ForAll long seed, @ForAll int lo, @ForAll short width) {
        long hi = (long) lo + Math.abs((int) width);
        long v = SimRandom.between(new Random(seed), lo, hi);
        assertThat(v).isBetween((long) lo, hi);
    }
}
