package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally demo}: placeholder until its owner lands it. */
@Command(name = "demo", description = "(not yet built)")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally demo: not built yet");
        return 2;
    }
}
