package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DisseminationTest {
    private final SwimConfig config = SwimConfig.defaults();

    private static SwimNode nodeKnowing(SwimConfig cfg, int others) {
        SwimNode a = new SwimNode(cfg, "a", "a", NodeMeta.EMPTY, 0, new Random(5), 0);
        for (int i = 0; i < others; i++) {
            a.step(0, "m" + i, new Message.Alive("m" + i, 0, "m" + i, NodeMeta.EMPTY));
        }
        return a;
    }

    @Test
    void eachUpdateIsPiggybackedAtMostLambdaTimesLogNPlusOne() {
        SwimNode a = nodeKnowing(config, 20);
        a.takeOutput();
        a.broadcast(0, "hello".getBytes(StandardCharsets.UTF_8));
        int limit = SwimMath.retransmitLimit(config.retransmitMult(), 21);
        assertThat(a.retransmitLimit()).isEqualTo(limit);
        Map<String, Integer> sent = new HashMap<>();
        for (long t = 0; t <= 60_000; t += 10) {
            a.tick(t);
            for (Outbound o : a.takeOutput().sends()) {
                if (o instanceof Outbound.Datagram d) {
                    for (Message m : d.messages()) {
                        if (m instanceof Message.UserBroadcast || m instanceof Message.Alive) {
                            sent.merge(m.toString().replaceAll("@[0-9a-f]+", ""), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        assertThat(sent).isNotEmpty();
        assertThat(sent.values()).allSatisfy(n -> assertThat(n).isEqualTo(limit));
        assertThat(a.queuedBroadcasts()).isZero();
    }

    @Test
    void gossipRoundsPushQueuedUpdatesToFanoutMembers() {
        SwimConfig cfg = config.withGossip(200, 4).withProbe(100_000, 50_000);
        SwimNode a = nodeKnowing(cfg, 10);
        a.takeOutput();
        a.tick(200);
        List<Outbound> sends = a.takeOutput().sends();
        assertThat(sends).hasSize(4);
        assertThat(sends).extracting(Outbound::toAddress).doesNotHaveDuplicates().doesNotContain("a");
        assertThat(sends).allSatisfy(o -> assertThat(((Outbound.Datagram) o).messages()).isNotEmpty());
    }

    @Test
    void datagramsStayWithinTheSafeSize() {
        SwimNode a = nodeKnowing(config, 200);
        for (long t = 0; t <= 5_000; t += 10) {
            a.tick(t);
            for (Outbound o : a.takeOutput().sends()) {
                Outbound.Datagram d = (Outbound.Datagram) o;
                assertThat(d.sizeBytes()).isLessThanOrEqualTo(config.datagramBytesMax());
                int recomputed = Sizes.DATAGRAM_HEADER_BYTES
                        + d.messages().stream().mapToInt(m -> Sizes.framed(m.sizeBytes())).sum();
                assertThat(d.sizeBytes()).isEqualTo(recomputed);
            }
        }
    }

    @Test
    void aBroadcastReachesEveryMemberOnceAndIsDeliveredOnce() {
        TestCluster c = TestCluster.of(config, 8);
        Map<String, Integer> deliveries = new HashMap<>();
        c.nodes.get("n3").broadcast(c.nowMs, new byte[] {1, 2, 3});
        for (int i = 0; i < 300; i++) {
            c.nowMs += 10;
            for (SwimNode n : c.nodes.values()) {
                n.tick(c.nowMs);
                SwimOutput out = n.takeOutput();
                for (Message.UserBroadcast b : out.delivered()) {
                    deliveries.merge(n.selfId(), 1, Integer::sum);
                    assertThat(b.payload()).containsExactly(1, 2, 3);
                }
                for (Outbound o : out.sends()) {
                    SwimNode to = c.nodes.get(o.toAddress());
                    if (o instanceof Outbound.Datagram d) {
                        to.receive(c.nowMs, n.selfId(), d.messages());
                    } else if (o instanceof Outbound.Stream s) {
                        to.step(c.nowMs, n.selfId(), s.message());
                    }
                }
            }
        }
        assertThat(deliveries).containsOnlyKeys("n1", "n2", "n4", "n5", "n6", "n7", "n8");
        assertThat(deliveries.values()).containsOnly(1);
    }

    @Test
    void anOversizedBroadcastIsRejectedWithTheLimit() {
        SwimNode a = nodeKnowing(config, 1);
        assertThatThrownBy(() -> a.broadcast(0, new byte[config.userPayloadBytesMax() + 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userPayloadBytesMax");
    }

    @Test
    void aFullQueueDropsTheOldestUpdatesAndCountsThem() {
        SwimConfig small = config.withDissemination(4, 3, 8, 256 * 1024);
        SwimNode a = nodeKnowing(small, 30);
        assertThat(a.queuedBroadcasts()).isEqualTo(8);
        assertThat(a.droppedBroadcasts()).isEqualTo(31 - 8);
        assertThat(a.metrics().broadcastsDropped()).isEqualTo(31 - 8);
        assertThat(a.metrics().snapshot()).containsEntry("broadcasts_dropped", 23L);
    }
}
