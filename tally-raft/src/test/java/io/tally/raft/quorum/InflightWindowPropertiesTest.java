package io.tally.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The pipelining window against a simple model: bounded by count and bytes, freed in order. */
class InflightWindowPropertiesTest {

    @Property
    void windowMatchesModelAndStaysWithinBounds(@ForAll @IntRange(min = 1, max = 8) int maxCount,
                                                @ForAll @IntRange(min = 1, max = 5000) int maxBytes,
                                                @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 2000) Integer> ops) {
        InflightWindow w = new InflightWindow(maxCount, maxBytes);
        ArrayDeque<long[]> model = new ArrayDeque<>();
        long lastIndex = 0;
        long acked = 0;
        for (int op : ops) {
            if (op % 3 != 0) {
                if (!w.isFull()) {
                    lastIndex += 1 + op % 5;
                    w.add(lastIndex, op);
                    model.add(new long[] {lastIndex, op});
                }
            } else {
                acked = Math.min(lastIndex, acked + op % 7);
                w.freeUpTo(acked);
                while (!model.isEmpty() && model.peekFirst()[0] <= acked) {
                    model.pollFirst();
                }
            }
            long modelBytes = model.stream().mapToLong(e -> e[1]).sum();
            assertThat(w.count()).isEqualTo(model.size()).isLessThanOrEqualTo(maxCount);
            assertThat(w.bytes()).isEqualTo(modelBytes);
            assertThat(w.isFull()).isEqualTo(model.size() >= maxCount || modelBytes >= maxBytes);
            // one message may overshoot the byte budget, never more
            if (!model.isEmpty()) {
                assertThat(modelBytes - model.peekLast()[1]).isLessThan(maxBytes);
            }
        }
    }
}
