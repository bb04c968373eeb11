package io.tally.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code tally} command. Each subcommand is its own class; this class only
 * lists them. Runs on the main thread; subcommands own whatever threads they start.
 */
@Command(
    name = "tally",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Tally: a fault-tolerant distributed counter and key-value store.",
    subcommands = {
        NodeCommand.class,
        DemoCommand.class,
        SimCommand.class,
        ClientCommands.Inc.class,
        ClientCommands.Get.class,
        ClientCommands.Put.class,
        ClientCommands.Del.class,
        ClientCommands.Items.class,
        ClientCommands.Cluster.class,
        FilesCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (used by tests that run commands in-process). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version printed by {@code tally --version}: the jar's implementation version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tally " + (v == null ? "dev" : v)};
        }
    }
}
