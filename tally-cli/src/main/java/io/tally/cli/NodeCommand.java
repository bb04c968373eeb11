package io.tally.cli;

import io.tally.server.NodeStartException;
import io.tally.server.config.ConfigException;
import io.tally.server.config.NodeConfig;
import io.tally.server.config.NodeConfigLoader;
import io.tally.server.runtime.Logging;
import io.tally.server.runtime.TallyNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.tally.server.config.ConfigKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code tally node}: runs one node until SIGTERM or Ctrl-C. Every option is also a key of the YAML file
 * given by {@code --config} (flags win); values are checked by {@link NodeConfigLoader}, not by picocli,
 * so the file and the flags are refused with the same messages. Exit codes: 0 after a clean stop, 1 when
 * the node cannot start (busy port, locked data dir, ...), 2 for a bad configuration, 70 after an
 * internal error. Runs on the main thread, which waits for the node to stop.
 *
 * <p>The flags are not listed by hand: {@link ConfigKeyFlags} makes one flag per {@link ConfigKey}
 * (except the file-only {@code members}), so a new setting is a flag the moment it is a key.
 */
@Command(name = "node", sortOptions = false, mixinStandardHelpOptions = true, abbreviateSynopsis = true,
    modelTransformer = NodeCommand.ConfigKeyFlags.class,
    description = "Run a Tally node (stops cleanly on SIGTERM or Ctrl-C).",
    footer = {"", "Durations take a unit (200ms, 2s, 1m); sizes take B, KiB, MiB or GiB.",
        "Every option is also a key of the --config YAML file, which may also list the initial members:",
        "  members: [{id: n1, peer: 10.0.0.1:7101, http: 10.0.0.1:7001}, ...]",
        "See docs/operations.md for every setting."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (flags override it).", order = 0)
    Path config;

    /** The config-key flags given on the command line, by config key, as raw text (filled by picocli). */
    private final Map<String, String> given = new LinkedHashMap<>();

    /** The flags given, as config keys to raw text in the order of {@link ConfigKey} (what {@link NodeConfigLoader} reads). */
    Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKey.values()) {
            String value = given.get(key.key());
            if (value != null) {
                m.put(key.key(), value);
            }
        }
        return m;
    }

    /**
     * Adds one option per {@link ConfigKey} to the command's model before parsing. Values are kept as
     * text and checked by {@link NodeConfigLoader}, so a flag and a file key are refused alike.
     */
    static final class ConfigKeyFlags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            NodeCommand command = (NodeCommand) spec.userObject();
            // A repeated flag: --join adds up (see the setter), any other takes the last value.
            spec.parser().overwrittenOptionsAllowed(true);
            int order = 1;
            for (ConfigKey key : ConfigKey.values()) {
                if (key == ConfigKey.MEMBERS || spec.findOption(key.flag()) != null) {
                    continue;
                }
                boolean bool = "true".equals(key.defaultValue()) || "false".equals(key.defaultValue());
                String description = key.description()
                    + (key.defaultValue() == null ? "" : " (default " + key.defaultValue() + ")");
                OptionSpec.Builder option = OptionSpec.builder(key.flag())
                    .type(String.class)
                    .order(order++)
                    .paramLabel(bool ? "BOOL" : label(key))
                    .description(description)
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value != null) {
                                command.given.merge(key.key(), value.toString(),
                                    // --join may be repeated: the addresses add up
                                    key == ConfigKey.JOIN ? (a, b) -> a + "," + b : (a, b) -> b);
                            }
                            return null;
                        }
                    });
                if (bool) {
                    option.arity("0..1").fallbackValue("true");
                }
                spec.addOption(option.build());
            }
            return spec;
        }

        /** What the value looks like, for the help text: HOST:PORT, DURATION, SIZE, N, ... */
        static String label(ConfigKey key) {
            String d = key.defaultValue() == null ? "" : key.defaultValue();
            return switch (key) {
                case ID -> "ID";
                case DATA_DIR -> "DIR";
                case CLUSTER -> "NAME";
                case LOG_LEVEL -> "LEVEL";
                case JOIN -> "HOST:PORT[,...]";
                case RESP, HTTP, PEER -> "HOST:PORT";
                default -> d.matches("\\d+(ms|s|m|h)") ? "DURATION"
                    : d.matches("\\d+(B|KiB|MiB|GiB)") ? "SIZE"
                    : "N";
            };
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig cfg;
        try {
            cfg = NodeConfigLoader.load(flags(), Optional.ofNullable(config));
        } catch (ConfigException e) {
            System.err.println("tally node: " + e.getMessage());
            return 2;
        }
        Logging.setLevel(cfg.logLevel());
        TallyNode node;
        try {
            node = TallyNode.start(cfg);
        } catch (NodeStartException e) {
            System.err.println("tally node: " + e.getMessage());
            return e.exitCode();
        }
        Signals.onTermination("node-shutdown", node::close);
        node.awaitStopped();
        return node.exitCode();
    }
}
