package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message.Alive;
import io.tally.gossip.Message.Suspect;
import java.util.List;
import org.junit.jupiter.api.Test;

class BroadcastQueueTest {
    private static Alive alive(String id, long inc) {
        return new Alive(id, inc, id + ":7000", NodeMeta.EMPTY);
    }

    @Test
    void leastSentFirstThenNewestFirst() {
        BroadcastQueue q = new BroadcastQueue(100, 100_000);
        q.enqueue("a", alive("a", 1));
        q.enqueue("b", alive("b", 1));
        assertThat(q.take(10_000, 3)).containsExactly(alive("b", 1), alive("a", 1));
        q.enqueue("c", alive("c", 1));
        // c has been sent 0 times, a and b once each: c first, then the newer of a and b.
        assertThat(q.take(10_000, 3)).containsExactly(alive("c", 1), alive("b", 1), alive("a", 1));
    }

    @Test
    void anUpdateLeavesTheQueueAfterItsTransmitLimit() {
        BroadcastQueue q = new BroadcastQueue(100, 100_000);
        q.enqueue("a", alive("a", 1));
        for (int i = 0; i < 4; i++) {
            assertThat(q.take(10_000, 4)).hasSize(1);
        }
        assertThat(q.take(10_000, 4)).isEmpty();
        assertThat(q.size()).isZero();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void aNewerUpdateAboutTheSameMemberReplacesTheOlder() {
        BroadcastQueue q = new BroadcastQueue(100, 100_000);
        q.enqueue("m:a", alive("a", 1));
        q.enqueue("m:a", new Suspect("a", 1, "b"));
        assertThat(q.take(10_000, 3)).containsExactly(new Suspect("a", 1, "b"));
        assertThat(q.invalidated()).isEqualTo(1);
    }

    @Test
    void theOldestAreDroppedFirstWhenTheCountBoundIsReached() {
        BroadcastQueue q = new BroadcastQueue(3, 100_000);
        for (int i = 0; i < 5; i++) {
            q.enqueue("k" + i, alive("n" + i, 1));
        }
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.dropped()).isEqualTo(2);
        assertThat(q.contains("k0")).isFalse();
        assertThat(q.contains("k1")).isFalse();
        assertThat(q.take(10_000, 3)).containsExactly(alive("n4", 1), alive("n3", 1), alive("n2", 1));
    }

    @Test
    void theOldestAreDroppedFirstWhenTheByteBoundIsReached() {
        int one = alive("n0", 1).sizeBytes();
        BroadcastQueue q = new BroadcastQueue(100, one * 2);
        for (int i = 0; i < 4; i++) {
            q.enqueue("k" + i, alive("n" + i, 1));
        }
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.bytes()).isLessThanOrEqualTo(one * 2L);
        assertThat(q.dropped()).isEqualTo(2);
        assertThat(q.contains("k3")).isTrue();
    }

    @Test
    void takeFillsOnlyTheByteBudget() {
        BroadcastQueue q = new BroadcastQueue(100, 100_000);
        for (int i = 0; i < 10; i++) {
            q.enqueue("k" + i, alive("n" + i, 1));
        }
        int framed = Sizes.framed(alive("n0", 1).sizeBytes());
        List<Message> taken = q.take(framed * 3 + framed / 2, 5);
        assertThat(taken).hasSize(3);
        assertThat(q.size()).isEqualTo(10);
    }
}
