package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally sim raft}: placeholder until its owner lands it. */
@Command(name = "raft", description = "(not yet built)")
final class SimRaftCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally sim raft: not built yet");
        return 2;
    }
}
