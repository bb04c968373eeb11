package io.tally.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    @Test
    void eventsRunInTimeOrderAndTiesInSchedulingOrder() {
        Scheduler s = new Scheduler(100);
        List<String> order = new ArrayList<>();
        s.at(10, "b", () -> order.add("b@" + s.nowMs()));
        s.at(5, "a", () -> order.add("a@" + s.nowMs()));
        s.at(10, "c", () -> order.add("c@" + s.nowMs()));
        s.at(10, "d", () -> s.after(0, "e", () -> order.add("e@" + s.nowMs())));
        s.runUntil(100);
        assertThat(order).containsExactly("a@5", "b@10", "c@10", "e@10");
        assertThat(s.nowMs()).isEqualTo(100);
    }

    @Test
    void cancelledEventsDoNotRun() {
        Scheduler s = new Scheduler(100);
        List<String> order = new ArrayList<>();
        Scheduler.Event e = s.after(3, "x", () -> order.add("x"));
        Scheduler.Event tick = s.every(0, 10, "tick", () -> order.add("t" + s.nowMs()));
        e.cancel();
        s.runUntil(25);
        tick.cancel();
        s.runUntil(100);
        assertThat(order).containsExactly("t0", "t10", "t20");
    }

    @Test
    void queueIsBounded() {
        Scheduler s = new Scheduler(2);
        s.after(1, "a", () -> { });
        s.after(1, "b", () -> { });
        assertThatThrownBy(() -> s.after(1, "c", () -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event queue full");
    }

    @Test
    void schedulingInThePastIsRejected() {
        Scheduler s = new Scheduler(10);
        s.runUntil(50);
        assertThatThrownBy(() -> s.at(10, "late", () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runWhileStopsWhenConditionTurnsFalse() {
        Scheduler s = new Scheduler(10);
        int[] count = {0};
        s.every(1, 1, "inc", () -> count[0]++);
        assertThat(s.runWhile(() -> count[0] < 5, 1_000)).isTrue();
        assertThat(s.nowMs()).isEqualTo(5);
        assertThat(s.runWhile(() -> true, 8)).isFalse();
        assertThat(count[0]).isEqualTo(8);
    }

    @Test
    void sameEventsGiveSameTraceHashAndDifferentLabelsDoNot() {
        assertThat(traceOf("a")).isEqualTo(traceOf("a"));
        assertThat(traceOf("a")).isNotEqualTo(traceOf("b"));
    }

    private static String traceOf(String label) {
        Scheduler s = new Scheduler(10);
        s.at(1, label, () -> { });
        s.at(2, "z", () -> { });
        s.runUntil(10);
        return s.trace().hex();
    }
}
