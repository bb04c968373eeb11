package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally node}: placeholder until its owner lands it. */
@Command(name = "node", description = "(not yet built)")
final class NodeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally node: not built yet");
        return 2;
    }
}
