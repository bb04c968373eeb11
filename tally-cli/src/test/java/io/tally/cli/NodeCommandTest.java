package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NodeCommandTest {

    private static NodeCommand parse(String... args) {
        NodeCommand cmd = new NodeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void flagsBecomeConfigKeysInTheOrderOfTheLoader() {
        Map<String, String> flags = parse("--id", "n1", "--data-dir", "d", "--join", "a:1,b:2", "--join", "c:3",
            "--discover", "--fsync=false", "--election-timeout", "300ms", "--log-level", "debug").flags();
        assertThat(flags).containsExactly(
            Map.entry("id", "n1"), Map.entry("data-dir", "d"), Map.entry("join", "a:1,b:2,c:3"),
            Map.entry("discover", "true"), Map.entry("election-timeout", "300ms"), Map.entry("fsync", "false"),
            Map.entry("log-level", "debug"));
    }

    @Test
    void flagsNotGivenAreLeftToTheFileAndDefaults() {
        assertThat(parse("--data-dir", "d").flags()).containsExactly(Map.entry("data-dir", "d"));
    }

    @Test
    void everySettingOfTheLoaderHasAFlag() {
        CommandLine cl = new CommandLine(new NodeCommand());
        for (io.tally.server.config.ConfigKey k : io.tally.server.config.ConfigKey.values()) {
            if (k != io.tally.server.config.ConfigKey.MEMBERS) {
                assertThat(cl.getCommandSpec().findOption(k.flag())).as("flag %s", k.flag()).isNotNull();
            }
        }
    }

    @Test
    void aBadValueExitsTwoWithOneLineNamingTheFlag() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("node", "--data-dir", "d", "--heartbeat-interval", "1s");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
            .isEqualTo("tally node: --heartbeat-interval: 1s must be less than election-timeout (200ms)");
    }

    @Test
    void anUnknownFlagExitsTwo() {
        PrintStream saved = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("node", "--data-dir", "d", "--bogus", "1")).isEqualTo(2);
        } finally {
            System.setErr(saved);
        }
    }
}
