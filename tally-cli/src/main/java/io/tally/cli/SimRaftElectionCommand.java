package io.tally.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tally sim raft-election}: placeholder until its owner lands it. */
@Command(name = "raft-election", description = "(not yet built)")
final class SimRaftElectionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tally sim raft-election: not built yet");
        return 2;
    }
}
