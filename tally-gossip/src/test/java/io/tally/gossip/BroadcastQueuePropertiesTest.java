package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BroadcastQueuePropertiesTest {

    /**
     * Under any mix of enqueues (keys colliding) and takes: the bounds hold, a take never exceeds
     * its budget, an enqueued update is never handed out more than {@code limit} times, and once
     * drained the queue holds zero bytes.
     */
    @Property(tries = 200)
    void boundsBudgetsAndTransmitLimitsHold(
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 40) Integer> ops,
            @ForAll @IntRange(min = 1, max = 20) int countMax,
            @ForAll @IntRange(min = 1, max = 6) int limit) {
        int bytesMax = 2_000;
        BroadcastQueue q = new BroadcastQueue(countMax, bytesMax);
        Map<Message, Integer> sent = new HashMap<>();
        long version = 0;
        for (int op : ops) {
            if (op < 25) {
                // Key op % 10 collides often; the incarnation makes every message distinct.
                Message m = new Message.Alive("m" + (op % 10), version++, "a".repeat(op), NodeMeta.EMPTY);
                q.enqueue("k" + (op % 10), m);
            } else {
                int budget = (op - 25) * 40;
                List<Message> taken = q.take(budget, limit);
                assertThat(taken.stream().mapToInt(m -> Sizes.framed(m.sizeBytes())).sum()).isLessThanOrEqualTo(budget);
                for (Message m : taken) {
                    assertThat(sent.merge(m, 1, Integer::sum)).isLessThanOrEqualTo(limit);
                }
            }
            assertThat(q.size()).isLessThanOrEqualTo(countMax);
            assertThat(q.bytes()).isBetween(0L, (long) bytesMax);
        }
        for (int i = 0; i < limit * (countMax + 1) && q.size() > 0; i++) {
            q.take(100_000, limit);
        }
        assertThat(q.size()).isZero();
        assertThat(q.bytes()).isZero();
    }
}
