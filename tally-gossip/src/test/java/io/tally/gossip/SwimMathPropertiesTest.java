package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SwimMathPropertiesTest {

    @Property
    void retransmitLimitIsAtLeastLambdaAndGrowsWithClusterSize(
            @ForAll @IntRange(min = 1, max = 10) int lambda, @ForAll @IntRange(min = 0, max = 100_000) int n) {
        int limit = SwimMath.retransmitLimit(lambda, n);
        assertThat(limit).isGreaterThanOrEqualTo(lambda).isEqualTo(lambda * Math.max(1, (int) Math.ceil(Math.log10(n + 1.0))));
        assertThat(SwimMath.retransmitLimit(lambda, n + 1)).isGreaterThanOrEqualTo(limit);
        assertThat(limit % lambda).isZero();
    }

    @Property
    void suspicionTimeoutStaysWithinBoundsAndShrinksWithConfirmations(
            @ForAll @LongRange(min = 1, max = 1_000_000) long minMs,
            @ForAll @IntRange(min = 1, max = 10) int maxMult,
            @ForAll @IntRange(min = 0, max = 10) int expected,
            @ForAll @IntRange(min = 0, max = 20) int confirmations) {
        long maxMs = minMs * maxMult;
        long t = SwimMath.suspicionTimeoutMs(minMs, maxMs, expected, confirmations);
        assertThat(t).isBetween(minMs, maxMs);
        assertThat(SwimMath.suspicionTimeoutMs(minMs, maxMs, expected, confirmations + 1)).isLessThanOrEqualTo(t);
        if (expected > 0) {
            assertThat(SwimMath.suspicionTimeoutMs(minMs, maxMs, expected, 0)).isEqualTo(maxMs);
        }
        if (confirmations >= expected) {
            assertThat(t).isEqualTo(minMs);
        }
    }

    @Property
    void suspicionMinimumGrowsWithClusterSizeAndNeverFallsBelowMultPeriods(
            @ForAll @IntRange(min = 1, max = 10) int mult,
            @ForAll @IntRange(min = 0, max = 100_000) int n,
            @ForAll @LongRange(min = 1, max = 10_000) long periodMs) {
        long t = SwimMath.suspicionMinTimeoutMs(mult, n, periodMs);
        assertThat(t).isGreaterThanOrEqualTo(mult * periodMs);
        assertThat(SwimMath.suspicionMinTimeoutMs(mult, n + 1, periodMs)).isGreaterThanOrEqualTo(t);
    }

    @Property
    void expectedConfirmationsNeedEnoughOtherMembers(
            @ForAll @IntRange(min = 1, max = 10) int mult, @ForAll @IntRange(min = 0, max = 1000) int n) {
        int k = SwimMath.expectedConfirmations(mult, n);
        assertThat(k).isBetween(0, Math.max(0, mult - 2));
        if (k > 0) {
            assertThat(n - 2).isGreaterThanOrEqualTo(k);
        }
    }

    @Property
    void healthScaledTimeoutIsLinearInScore(
            @ForAll @LongRange(min = 1, max = 100_000) long baseMs, @ForAll @IntRange(min = 0, max = 100) int score) {
        long t = SwimMath.scaledByHealthMs(baseMs, score);
        assertThat(t).isEqualTo(baseMs * (score + 1L));
        assertThat(SwimMath.scaledByHealthMs(baseMs, score + 1) - t).isEqualTo(baseMs);
    }

    @Property
    void healthScoreStaysInRange(
            @ForAll @IntRange(min = 0, max = 7) int score,
            @ForAll @IntRange(min = -20, max = 20) int delta,
            @ForAll @IntRange(min = 1, max = 16) int max) {
        int next = SwimMath.applyHealthDelta(Math.min(score, max - 1), delta, max);
        assertThat(next).isBetween(0, max - 1);
    }

    @Property
    void missingNacksRaiseHealthByTheirNumber(
            @ForAll @IntRange(min = 0, max = 10) int expected, @ForAll @IntRange(min = 0, max = 10) int received) {
        int delta = SwimMath.failedProbeHealthDelta(expected, Math.min(received, expected));
        if (expected == 0) {
            assertThat(delta).isEqualTo(1);
        } else {
            assertThat(delta).isEqualTo(expected - Math.min(received, expected));
        }
    }

    @Property
    void indirectProbeCountNeverExceedsKOrTheOtherLiveMembers(
            @ForAll @IntRange(min = 0, max = 10) int k, @ForAll @IntRange(min = 0, max = 1000) int liveOthers) {
        int c = SwimMath.indirectProbeCount(k, liveOthers);
        assertThat(c).isBetween(0, k);
        assertThat(c).isLessThanOrEqualTo(Math.max(0, liveOthers - 1));
        if (liveOthers - 1 >= k) {
            assertThat(c).isEqualTo(k);
        }
    }

    @Property
    void pushPullPeriodIsTheBaseUpTo32MembersThenGrowsLogarithmically(
            @ForAll @LongRange(min = 1, max = 100_000) long baseMs, @ForAll @IntRange(min = 0, max = 100_000) int n) {
        long t = SwimMath.pushPullIntervalMs(baseMs, n);
        assertThat(SwimMath.pushPullIntervalMs(baseMs, n + 1)).isGreaterThanOrEqualTo(t);
        if (n <= 32) {
            assertThat(t).isEqualTo(baseMs);
        } else {
            long mult = t / baseMs;
            assertThat(t % baseMs).isZero();
            assertThat(mult).isBetween(2L, (long) Math.ceil(Math.log(n) / Math.log(2)) - 4);
            assertThat(SwimMath.pushPullIntervalMs(baseMs, 2 * n)).isLessThanOrEqualTo(t + baseMs);
        }
    }
}
