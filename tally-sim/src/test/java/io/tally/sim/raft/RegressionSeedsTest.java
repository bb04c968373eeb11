package io.tally.sim.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every seed that ever failed (regression-seeds.txt) must pass, forever. */
class RegressionSeedsTest {

    record Case(long seed, SimOptions options, String line) {
        @Override
        public String toString() {
            return line;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = RegressionSeedsTest.class.getResourceAsStream("regression-seeds.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String body = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                if (body.isBlank()) {
                    continue;
                }
                out.add(parse(body.trim(), line.trim()));
            }
        }
        assertThat(out).isNotEmpty();
        return out.stream();
    }

    static Case parse(String body, String line) {
        String[] t = body.split("\\s+");
        long seed = Long.parseLong(t[0]);
        SimOptions o = SimOptions.defaults();
        for (int i = 1; i < t.length; i += 2) {
            String v = t[i + 1];
            o = switch (t[i]) {
                case "--nodes" -> o.withNodes(Integer.parseInt(v));
                case "--faults" -> o.withFaults(FaultKind.parse(v));
                case "--latency-ms" -> o.withLatencyMs(Long.parseLong(v));
                case "--read-mode" -> o.withReadMode(io.tally.raft.ReadMode.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
                default -> throw new IllegalArgumentException("unknown option " + t[i] + " in: " + line);
            };
        }
        return new Case(seed, o, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void regressionSeedPasses(Case c) {
        SimResult r = new RaftSimulation(c.seed(), c.options()).run();
        assertThat(r.ok()).as(String.join("\n", RaftSimRunner.failureReport(r, c.options()))).isTrue();
    }
}
