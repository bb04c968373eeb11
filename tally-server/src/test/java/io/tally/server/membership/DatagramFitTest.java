package io.tally.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import io.tally.gossip.Outbound;
import io.tally.gossip.SwimConfig;
import io.tally.gossip.SwimNode;
import io.tally.server.config.NodeConfigLoader;
import io.tally.wire.gossip.GossipCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * With the node's settings, what the core fills into one datagram (by its size estimate) encodes into one
 * datagram of at most datagram-size: the codec's split is a safety net, not the normal path. Measured:
 * the fullest encodes to 511 of 512, 1393 of 1400 and 8159 of 8192 bytes.
 */
class DatagramFitTest {

    @Test
    void fullPiggybackDatagramsEncodeIntoOneDatagramWithinTheSize() {
        for (int size : new int[] {512, 1400, 8192}) {
            SwimConfig config = SwimSettings.swimConfig(NodeConfigLoader.load(Map.of("data-dir", "d"),
                "datagram-size: " + size + "\n", "t.yaml"));
            Random random = new Random(size);
            SwimNode node = new SwimNode(config, "n0", "127.0.0.1:7100", NodeMeta.EMPTY, 1, random, 0);
            List<Message> alive = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                alive.add(new Message.Alive("node-" + i, i, "127.0.0.1:" + (20_000 + i),
                    new NodeMeta("127.0.0.1:" + (30_000 + i), i % 2 == 0 ? "127.0.0.1:" + (40_000 + i) : "", i % 3 == 0,
                        "0.1.0-SNAPSHOT")));
            }
            node.receive(0, "127.0.0.1:20001", alive);
            int datagrams = 0;
            int maxBytes = 0;
            for (long t = 0; t < 5_000; t += 10) {
                node.tick(t);
                for (Outbound o : node.takeOutput().sends()) {
                    if (o instanceof Outbound.Datagram d) {
                        datagrams++;
                        maxBytes = Math.max(maxBytes, GossipCodec.packDatagrams(d.messages(), 1 << 16).datagrams().get(0).length);
                        assertThat(GossipCodec.packDatagrams(d.messages(), size).datagrams())
                            .as("datagram of %d messages at size %d", d.messages().size(), size).hasSize(1);
                    }
                }
            }
            assertThat(datagrams).as("datagrams sent at size %d", size).isGreaterThan(10);
            assertThat(maxBytes).as("the fullest datagram at size %d is nearly full", size).isGreaterThan(size * 3 / 4);
        }
    }
}
