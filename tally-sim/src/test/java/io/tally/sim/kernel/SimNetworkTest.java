package io.tally.sim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

    private record Delivered(int from, int to, String msg, long atMs) { }

    private final Scheduler scheduler = new Scheduler(100_000);
    private final List<Delivered> got = new ArrayList<>();

    private SimNetwork<String> net(NetworkConfig config, long seed) {
        return new SimNetwork<>(scheduler, new SimRandom(seed).stream("network"), 4, config,
                (from, to, m) -> got.add(new Delivered(from, to, m, scheduler.nowMs())));
    }

    @Test
    void messagesArriveAfterLatencyWithinJitter() {
        SimNetwork<String> n = net(new NetworkConfig(10, 5, 0, 0, 0, 0), 1);
        for (int i = 0; i < 200; i++) {
            n.send(0, 1, "m" + i);
        }
        scheduler.runUntil(1_000);
        assertThat(got).hasSize(200).allSatisfy(d -> assertThat(d.atMs()).isBetween(10L, 15L));
    }

    @Test
    void lossDropsRoughlyTheConfiguredShare() {
        SimNetwork<String> n = net(new NetworkConfig(1, 0, 0.3, 0, 0, 0), 2);
        for (int i = 0; i < 2_000; i++) {
            n.send(0, 1, "m");
        }
        scheduler.runUntil(100);
        assertThat(got.size()).isBetween(1_200, 1_600);
        assertThat(n.dropped() + n.delivered()).isEqualTo(2_000);
    }

    @Test
    void duplicationDeliversSomeMessagesTwice() {
        SimNetwork<String> n = net(new NetworkConfig(1, 3, 0, 0.5, 0, 0), 3);
        for (int i = 0; i < 100; i++) {
            n.send(2, 3, "m" + i);
        }
        scheduler.runUntil(100);
        assertThat(got.size()).isEqualTo(100 + (int) n.duplicated()).isGreaterThan(120);
    }

    @Test
    void reorderingLetsLaterMessagesOvertake() {
        SimNetwork<String> n = net(new NetworkConfig(1, 0, 0, 0, 0.5, 50), 4);
        for (int i = 0; i < 100; i++) {
            n.send(0, 1, String.format("%03d", i));
        }
        scheduler.runUntil(1_000);
        List<String> order = got.stream().map(Delivered::msg).toList();
        assertThat(order).hasSize(100).isNotEqualTo(order.stream().sorted().toList());
    }

    @Test
    void oneWayCutBlocksOnlyThatDirection() {
        SimNetwork<String> n = net(NetworkConfig.lan(1), 5);
        n.cutOneWay(0, 1);
        n.send(0, 1, "blocked");
        n.send(1, 0, "passes");
        scheduler.runUntil(10);
        assertThat(got).extracting(Delivered::msg).containsExactly("passes");
    }

    @Test
    void partitionCutsBothWaysBetweenSidesAndHealRestores() {
        SimNetwork<String> n = net(NetworkConfig.lan(1), 6);
        n.partition(List.of(0, 1));
        n.send(0, 2, "x");
        n.send(3, 1, "y");
        n.send(0, 1, "same side");
        n.send(2, 3, "other side");
        scheduler.runUntil(10);
        assertThat(got).extracting(Delivered::msg).containsExactly("same side", "other side");
        n.heal();
        n.send(0, 2, "after heal");
        scheduler.runUntil(20);
        assertThat(got).extracting(Delivered::msg).endsWith("after heal");
    }

    @Test
    void messagesInFlightAreLostWhenTheLinkIsCutBeforeArrival() {
        SimNetwork<String> n = net(NetworkConfig.lan(10), 7);
        n.send(0, 1, "in flight");
        scheduler.runUntil(5);
        n.isolate(1);
        scheduler.runUntil(20);
        assertThat(got).isEmpty();
    }

    @Test
    void sameSeedSameDeliveriesAndTrace() {
        assertThat(runFaulty(11)).isEqualTo(runFaulty(11));
        assertThat(runFaulty(11)).isNotEqualTo(runFaulty(12));
    }

    @Test
    void goldenKernelTraceIsPinned() {
        // Kernel only (no Raft): changes only when the scheduler, network or random derivation change.
        String run = runFaulty(11);
        assertThat(run.substring(run.length() - 16)).isEqualTo("dc395934eedd189d");
    }

    private static String runFaulty(long seed) {
        Scheduler s = new Scheduler(10_000);
        StringBuilder sb = new StringBuilder();
        SimNetwork<Integer> n = new SimNetwork<>(s, new SimRandom(seed).stream("network"), 3,
                new NetworkConfig(5, 20, 0.1, 0.1, 0.1, 100), (f, t, m) -> sb.append(m).append(','));
        for (int i = 0; i < 200; i++) {
            n.send(i % 3, (i + 1) % 3, i);
        }
        s.runUntil(10_000);
        return sb + s.trace().hex();
    }
}
