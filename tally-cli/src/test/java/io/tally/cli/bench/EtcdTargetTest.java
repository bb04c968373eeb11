package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EtcdTargetTest {

    /** Runs {@code perSlot} increments of one key on each slot, every slot on its own connection, concurrently. */
    private static List<Target.Outcome> incrementConcurrently(FakeHttpServer server, int slots, int perSlot, String key)
            throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(2);
        try {
            List<CompletableFuture<List<Target.Outcome>>> all = new ArrayList<>();
            for (int s = 0; s < slots; s++) {
                EtcdTarget t = new EtcdTarget(new HttpConnection(group, List.of(server.endpoint()), 0, 10_000), () -> false);
                CompletableFuture<List<Target.Outcome>> done = new CompletableFuture<>();
                t.connection().executor().execute(() -> chain(t, key, perSlot, new ArrayList<>(), done));
                all.add(done);
            }
            List<Target.Outcome> out = new ArrayList<>();
            for (CompletableFuture<List<Target.Outcome>> f : all) {
                out.addAll(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void chain(EtcdTarget t, String key, int left, List<Target.Outcome> acc, CompletableFuture<List<Target.Outcome>> done) {
        if (left == 0) {
            done.complete(acc);
            return;
        }
        t.increment(key).thenAccept(o -> {
            acc.add(o);
            t.connection().executor().execute(() -> chain(t, key, left - 1, acc, done));
        });
    }

    @Test
    void contendedCasIncrementsAllLandExactlyOnceAndCountTheirRetries() throws Exception {
        FakeEtcd etcd = new FakeEtcd();
        try (FakeHttpServer server = new FakeHttpServer(etcd::handle)) {
            List<Target.Outcome> outcomes = incrementConcurrently(server, 8, 25, "hot");
            assertThat(outcomes).hasSize(200).allMatch(Target.Outcome::ok);
            assertThat(etcd.counter("hot")).isEqualTo(200);
            int attempts = outcomes.stream().mapToInt(Target.Outcome::attempts).sum();
            assertThat(attempts).as("every txn is one attempt").isEqualTo(etcd.txns());
            assertThat(etcd.txns() - etcd.failedTxns()).isEqualTo(200);
        }
    }

    @Test
    void aSlotRemembersTheRevisionItWroteSoItsNextIncrementIsOneTxn() throws Exception {
        FakeEtcd etcd = new FakeEtcd();
        try (FakeHttpServer server = new FakeHttpServer(etcd::handle)) {
            List<Target.Outcome> outcomes = incrementConcurrently(server, 1, 10, "solo");
            assertThat(outcomes).hasSize(10).allMatch(o -> o.ok() && o.attempts() == 1);
            assertThat(etcd.counter("solo")).isEqualTo(10);
        }
    }

    @Test
    void anIncrementStillRetryingWhenTheRunStopsGivesUpUnacknowledged() throws Exception {
        FakeEtcd etcd = new FakeEtcd();
        AtomicInteger txns = new AtomicInteger();
        EventLoopGroup group = new NioEventLoopGroup(1);
        // Someone else moved the key on: every compare fails until the run stops after the third attempt.
        try (FakeHttpServer server = new FakeHttpServer(r -> {
                txns.incrementAndGet();
                return FakeHttpServer.answer(200, "{\"header\":{\"revision\":\"50\"},\"responses\":[{\"response_range\":{\"kvs\":"
                    + "[{\"key\":\"aw==\",\"mod_revision\":\"" + (40 + txns.get()) + "\",\"value\":\"Nw==\"}]}}]}");
            })) {
            EtcdTarget t = new EtcdTarget(new HttpConnection(group, List.of(server.endpoint()), 0, 10_000), () -> txns.get() >= 3);
            Target.Outcome o = CompletableFuture.supplyAsync(() -> t.increment("k"), t.connection().executor())
                .thenCompose(f -> f).get(30, TimeUnit.SECONDS);
            assertThat(o).isEqualTo(new Target.Outcome(false, 3));
            assertThat(etcd.txns()).isZero();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void anErrorAnswerEndsTheIncrementAsFailed() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try (FakeHttpServer server = new FakeHttpServer(r -> FakeHttpServer.answer(503, "{\"error\":\"etcdserver: leader changed\"}"))) {
            EtcdTarget t = new EtcdTarget(new HttpConnection(group, List.of(server.endpoint()), 0, 10_000), () -> false);
            Target.Outcome o = CompletableFuture.supplyAsync(() -> t.increment("k"), t.connection().executor())
                .thenCompose(f -> f).get(30, TimeUnit.SECONDS);
            assertThat(o.ok()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
