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
