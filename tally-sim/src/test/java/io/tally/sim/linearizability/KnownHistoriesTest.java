package io.tally.sim.linearizability;

import static io.tally.sim.linearizability.HistoryBuilder.check;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Hand-written histories whose verdict is known, one per anomaly the simulator must catch. */
class KnownHistoriesTest {

    @Test
    void emptyHistoryIsLinearizable() {
        assertThat(check(new HistoryBuilder().build()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentIncrementsInEitherOrderAreLinearizable() {
        var h = new HistoryBuilder()
                .inc(1, 1, 2, 0, 10)
                .inc(2, 1, 1, 1, 9)
                .read(3, 2, 11, 12)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void staleReadAfterACompletedIncrementIsNotLinearizable() {
        var h = new HistoryBuilder()
                .inc(1, 5, 5, 0, 10)
                .read(2, 0, 11, 12)
                .build();
        CheckResult r = check(h);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.key()).isEqualTo("k");
        assertThat(r.detail()).contains("Read").contains("client 2");
    }

    @Test
    void readConcurrentWithIncrementMaySeeEitherValue() {
        var before = new HistoryBuilder().inc(1, 5, 5, 0, 10).read(2, 0, 5, 12).build();
        var after = new HistoryBuilder().inc(1, 5, 5, 0, 10).read(2, 5, 5, 12).build();
        assertThat(check(before).ok()).isTrue();
        assertThat(check(after).ok()).isTrue();
    }

    @Test
    void readsGoingBackwardsAreNotLinearizable() {
        // Both reads overlap the increment, but the later read cannot see an older value.
        var h = new HistoryBuilder()
                .inc(1, 1, 1, 0, 100)
                .read(2, 1, 10, 20)
                .read(3, 0, 30, 40)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void lostIncrementIsNotLinearizable() {
        var h = new HistoryBuilder()
                .inc(1, 1, 1, 0, 10)
                .inc(2, 1, 2, 0, 10)
                .read(3, 1, 20, 30)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void duplicatedIncrementIsNotLinearizable() {
        // One increment applied twice (a retry without exactly-once sessions).
        var h = new HistoryBuilder()
                .inc(1, 1, 2, 0, 10)
                .read(2, 2, 20, 30)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void twoIncrementsAnsweredWithTheSameValueAreNotLinearizable() {
        var h = new HistoryBuilder()
                .inc(1, 1, 1, 0, 10)
                .inc(2, 1, 1, 0, 10)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void twoConcurrentCasFromTheSameValueCannotBothSucceed() {
        var h = new HistoryBuilder()
                .cas(1, 0, 1, true, 0, 10)
                .cas(2, 0, 2, true, 0, 10)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void casThatFailsAlthoughTheValueMatchedIsNotLinearizable() {
        var h = new HistoryBuilder()
                .put(1, 7, 0, 10)
                .cas(2, 7, 8, false, 20, 30)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void casChainsAreLinearizable() {
        var h = new HistoryBuilder()
                .cas(1, 0, 1, true, 0, 10)
                .cas(2, 0, 2, false, 0, 10)
                .cas(2, 1, 3, true, 11, 20)
                .read(3, 3, 21, 22)
                .build();
        assertThat(check(h).ok()).isTrue();
    }

    @Test
    void pendingIncrementMayHaveTakenEffect() {
        var h = new HistoryBuilder()
                .pending(1, new KvOp.Increment(1), 0)
                .read(2, 1, 20, 30)
                .build();
        assertThat(check(h).ok()).isTrue();
    }

    @Test
    void pendingIncrementMayNotHaveTakenEffect() {
        var h = new HistoryBuilder()
                .pending(1, new KvOp.Increment(1), 0)
                .read(2, 0, 20, 30)
                .inc(3, 5, 5, 40, 50)
                .build();
        assertThat(check(h).ok()).isTrue();
    }

    @Test
    void pendingOperationCannotTakeEffectBeforeItWasInvoked() {
        var h = new HistoryBuilder()
                .read(2, 1, 0, 10)
                .pending(1, new KvOp.Increment(1), 20)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void pendingIncrementTakesEffectAtMostOnce() {
        var h = new HistoryBuilder()
                .pending(1, new KvOp.Increment(1), 0)
                .read(2, 2, 20, 30)
                .build();
        assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void keysAreCheckedIndependentlyAndTheBadKeyIsNamed() {
        var h = new HistoryBuilder()
                .key("a").inc(1, 1, 1, 0, 10).read(1, 1, 11, 12)
                .key("b").put(2, 4, 0, 10).read(2, 0, 11, 12)
                .build();
        CheckResult r = check(h);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.key()).isEqualTo("b");
    }

    @Test
    void tinyStepBudgetGivesInconclusiveNotAWrongAnswer() {
        HistoryBuilder b = new HistoryBuilder();
        for (int i = 0; i < 14; i++) {
            b.inc(i, 1, i + 1, 0, 100);
        }
        var r = new LinearizabilityChecker<>(new KvModel(), 5).check(b.build());
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void manyConcurrentIncrementsAreSolvedQuicklyThanksToMemoization() {
        // 40 fully concurrent increments with distinct answers: without Lowe's cache this is 40!.
        HistoryBuilder b = new HistoryBuilder();
        for (int i = 0; i < 40; i++) {
            b.inc(i, 1, 40 - i, 0, 100);
        }
        b.read(99, 40, 101, 102);
        CheckResult r = new LinearizabilityChecker<>(new KvModel(), 200_000).check(b.build());
        assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }
}
