package io.tally.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of election timeout randomisation and lease validity. */
class TimingPropertiesTest {

    @Property
    void electionTimeoutIsUniformlyWithinBaseAndTwiceBase(@ForAll @IntRange(min = 1, max = 1000) int base,
                                                          @ForAll long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 50; i++) {
            assertThat(Timing.randomizedElectionTimeout(base, r)).isBetween(base, 2 * base - 1);
        }
    }

    @Property
    void sameSeedGivesSameTimeouts(@ForAll @IntRange(min = 1, max = 1000) int base, @ForAll long seed) {
        assertThat(Timing.randomizedElectionTimeout(base, new Random(seed)))
                .isEqualTo(Timing.randomizedElectionTimeout(base, new Random(seed)));
    }

    @Property
    void electionTimeoutStaysWithinTheInclusiveRange(@ForAll @IntRange(min = 1, max = 100_000) int min,
                                                     @ForAll @IntRange(min = 0, max = 1000) int width,
                                                     @ForAll long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 50; i++) {
            assertThat(Timing.randomizedElectionTimeout(min, min + width, r)).isBetween(min, min + width);
        }
    }

    @Property
    void aRangeOfOneValueIsAFixedTimeoutAndDrawsNothing(@ForAll @IntRange(min = 1, max = 100_000) int t,
                                                       @ForAll long seed) {
        Random r = new Random(seed);
        assertThat(Timing.randomizedElectionTimeout(t, t, r)).isEqualTo(t);
        assertThat(r.nextLong()).as("the generator was not advanced").isEqualTo(new Random(seed).nextLong());
    }

    @Property(tries = 200)
    void everyValueOfASmallRangeIsReachedAndNoneOutside(@ForAll @IntRange(min = 1, max = 500) int min,
                                                        @ForAll @IntRange(min = 1, max = 5) int width,
                                                        @ForAll long seed) {
        Random r = new Random(seed);
        int[] hits = new int[width + 1];
        for (int i = 0; i < 400; i++) {
            hits[Timing.randomizedElectionTimeout(min, min + width, r) - min]++;
        }
        for (int h : hits) {
            assertThat(h).as("each of %d values drawn about 400/%d times", width + 1, width + 1).isPositive();
        }
    }

    @Property
    void theClassicRangeDrawsExactlyWhatTheBaseOnlyFormDraws(@ForAll @IntRange(min = 2, max = 100_000) int base,
                                                           @ForAll long seed) {
        Random a = new Random(seed);
        Random b = new Random(seed);
        for (int i = 0; i < 20; i++) {
            assertThat(Timing.randomizedElectionTimeout(base, Timing.classicMaxTicks(base), a))
                    .isEqualTo(Timing.randomizedElectionTimeout(base, b));
        }
    }

    @Property
    void anInvertedOrNonPositiveRangeIsRejected(@ForAll @IntRange(min = -5, max = 100) int min,
                                                @ForAll @IntRange(min = 1, max = 50) int below) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> Timing.randomizedElectionTimeout(Math.max(1, min), Math.max(1, min) - below, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minTicks <= maxTicks");
    }

    @Property
    void leaseNeverOutlivesElectionTimeoutMinusDriftAfterTheAcknowledgedSend(
            @ForAll @LongRange(min = 0, max = 10_000) long sentTick, @ForAll @IntRange(min = 0, max = 500) long elapsed,
            @ForAll @IntRange(min = 2, max = 100) int election, @ForAll @IntRange(min = 0, max = 99) int drift) {
        int margin = Math.min(drift, election - 1);
        boolean valid = Timing.leaseValid(sentTick + elapsed, sentTick, election, margin);
        assertThat(valid).isEqualTo(elapsed < election - margin);
        if (valid && elapsed > 0) {
            assertThat(Timing.leaseValid(sentTick + elapsed - 1, sentTick, election, margin))
                    .as("a lease valid later is valid earlier").isTrue();
        }
    }

    @Property
    void aMissingAcknowledgementGivesNoLease(@ForAll @LongRange(min = 0, max = 1000) long now) {
        assertThat(Timing.leaseValid(now, -1, 10, 1)).isFalse();
    }
}
