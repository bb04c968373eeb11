package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally sim gossip}: placeholder until its owner lands it. */
@Command(name = "gossip", description = "(not yet built)")
final class SimGossipCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally sim gossip: not built yet");
        return 2;
    }
}
