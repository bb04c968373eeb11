package io.tally.server.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.gossip.SwimConfig;
import io.tally.server.config.NodeConfig;
import io.tally.server.config.NodeConfigLoader;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every node config the loader accepts gives a valid SWIM config, a sane tick and a bounded leave wait. */
class SwimSettingsProperties {

    @Property(tries = 200)
    void everyAcceptedConfigGivesAValidSwimConfig(@ForAll @IntRange(min = 10, max = 60_000) int probeMs,
            @ForAll @IntRange(min = 1, max = 100) int timeoutPercent, @ForAll @IntRange(min = 512, max = 65_000) int datagram,
            @ForAll @IntRange(min = 0, max = 16) int k, @ForAll @IntRange(min = 1, max = 64) int fanout) {
        long timeoutMs = Math.max(1, Math.min(probeMs - 1, probeMs * (long) timeoutPercent / 100));
        NodeConfig c = NodeConfigLoader.load(Map.of("data-dir", "d", "probe-interval", probeMs + "ms",
            "probe-timeout", timeoutMs + "ms", "gossip-fanout", Integer.toString(fanout)),
            "datagram-size: " + datagram + "\nindirect-probes: " + k + "\n", "t.yaml");
        SwimConfig s = SwimSettings.swimConfig(c);
        assertThat(s.probeIntervalMs()).isEqualTo(probeMs);
        assertThat(s.datagramBytesMax()).isEqualTo(datagram);
        assertThat(s.indirectChecks()).isEqualTo(k);
        assertThat(s.gossipIntervalMs()).isBetween(1L, Math.min(200L, probeMs));
        long tick = SwimSettings.tickIntervalMs(c);
        assertThat(tick).isBetween(10L, 100L);
        assertThat(SwimSettings.leaveTimeoutMs(c)).isBetween(1_000L, 5_000L);
    }

    @Property
    void theSeedDependsOnTheNodeIdAndTheDraw(@ForAll String id, @ForAll long draw) {
        assertThat(SwimSettings.seed(id, draw)).isEqualTo(SwimSettings.seed(id, draw));
        assertThat(SwimSettings.seed(id, draw)).isNotEqualTo(SwimSettings.seed(id, draw ^ 1));
    }
}
