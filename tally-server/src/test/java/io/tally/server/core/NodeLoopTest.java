package io.tally.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class NodeLoopTest {

    /** Records events; blocks on the first one until released, so tests can fill the queue. */
    private static final class Recorder implements EventHandler {
        final List<NodeEvent> seen = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile boolean failOnTick;

        @Override
        public void start(long nowMs) {}

        @Override
        public void handle(NodeEvent event, long nowMs) {
            if (seen.isEmpty()) {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(event);
            if (event instanceof NodeEvent.Tick && failOnTick) {
                throw new IllegalStateException("corrupt: tick");
            }
            if (event instanceof NodeEvent.ApiCall call) {
                call.reply().complete(ApiReply.error(200, "ok", "handled"));
            }
        }
    }

    private static NodeEvent.ApiCall call() {
        return new NodeEvent.ApiCall(ApiRoute.HEALTH, new CompletableFuture<>());
    }

    @Test
    void aFullQueueRefusesWithoutBlockingAndStopDrainsWhatWasQueued() throws Exception {
        Recorder r = new Recorder();
        NodeLoop loop = new NodeLoop("n1", 3, r, () -> 0L, t -> { });
        loop.start();
        assertThat(loop.offer(new NodeEvent.Tick())).isTrue();
        assertThat(r.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        NodeEvent.ApiCall a = call();
        NodeEvent.ApiCall b = call();
        assertThat(loop.offer(a)).isTrue();
        assertThat(loop.offer(b)).isTrue();
        assertThat(loop.offer(new NodeEvent.Tick())).isTrue();
        assertThat(loop.offer(call())).as("fourth event in a queue of 3").isFalse();
        assertThat(loop.rejected()).isEqualTo(1);

        r.release.countDown();
        assertThat(loop.stop(10_000)).isTrue();
        assertThat(a.reply()).isCompleted();
        assertThat(b.reply()).isCompleted();
        assertThat(r.seen).hasSize(5).last().isInstanceOf(NodeEvent.Stopping.class);
        assertThat(loop.offer(new NodeEvent.Tick())).as("a stopped loop refuses events").isFalse();
    }

    @Test
    void anInvariantViolationStopsTheLoopFailsPendingCallsAndReportsIt() throws Exception {
        Recorder r = new Recorder();
        r.failOnTick = true;
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        NodeLoop loop = new NodeLoop("n1", 8, r, () -> 0L, t -> {
            fatal.set(t);
            reported.countDown();
        });
        loop.start();
        loop.offer(call());
        assertThat(r.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        loop.offer(new NodeEvent.Tick());
        NodeEvent.ApiCall pending = call();
        loop.offer(pending);
        r.release.countDown();
        assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fatal.get()).hasMessage("corrupt: tick");
        Assertions.assertThatThrownBy(() -> pending.reply().get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasMessageContaining("corrupt: tick");
        assertThat(loop.offer(new NodeEvent.Tick())).isFalse();
        assertThat(loop.stop(10_000)).isTrue();
    }
}
