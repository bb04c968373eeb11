package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally sim}: placeholder until its owner lands it. */
@Command(name = "sim", description = "(not yet built)")
final class SimCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally sim: not built yet");
        return 2;
    }
}
