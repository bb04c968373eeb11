package io.tally.cli;

import picocli.CommandLine.Command;

/** {@code tally sim}: runs the deterministic simulator. Each scenario is a subcommand. */
@Command(
    name = "sim",
    description = "Run the deterministic simulator (same seed, same run, same trace hash).",
    mixinStandardHelpOptions = true,
    subcommands = {SimRaftCommand.class, SimRaftElectionCommand.class, SimGossipCommand.class})
final class SimCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
