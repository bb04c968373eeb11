package io.tally.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Property
    void aFormattedDurationParsesBackToItself(@ForAll @LongRange(min = 0, max = 100_000_000) long ms) {
        assertThat(ConfigValues.durationMs(ConfigValues.formatMs(ms), 0, Long.MAX_VALUE)).isEqualTo(ms);
    }

    @Property
    void sizesScaleByPowersOfTwo(@ForAll @IntRange(min = 0, max = 1023) int n) {
        assertThat(ConfigValues.bytes(n + "KiB", 0, 1L << 40)).isEqualTo(n * 1024L);
        assertThat(ConfigValues.bytes(n + "MiB", 0, 1L << 40)).isEqualTo(n * 1024L * 1024L);
        assertThat(ConfigValues.bytes(Integer.toString(n), 0, 1L << 40)).isEqualTo(n);
    }

    @Property
    void aFormattedAddressParsesBackToItself(@ForAll @IntRange(min = 0, max = 255) int a,
            @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 1, max = 65535) int port) {
        HostPort hp = new HostPort("10." + a + ".0." + b, port);
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
    }

    @Test
    void ipv6AddressesAreBracketed() {
        HostPort hp = HostPort.parse("[::1]:7001");
        assertThat(hp.host()).isEqualTo("::1");
        assertThat(hp.toString()).isEqualTo("[::1]:7001");
        assertThatThrownBy(() -> HostPort.parse("::1:7001")).hasMessageContaining("expected HOST:PORT");
    }

    @Test
    void hugeSizesDoNotOverflow() {
        assertThatThrownBy(() -> ConfigValues.bytes("999999999999GiB", 0, 1L << 30))
            .hasMessageContaining("expected a size between");
    }
}
