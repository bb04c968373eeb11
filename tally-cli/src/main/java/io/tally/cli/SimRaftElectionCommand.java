package io.tally.cli;

import io.tally.sim.raft.ElectionExperiment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally sim raft-election}: reproduces Figure 16 of the Raft paper in the simulator: crash the
 * leader many times and print the distribution of the time until a new leader, per election timeout
 * range. Exit codes: 0, or 2 for bad options. Runs on the calling thread; prints to standard output.
 */
@Command(name = "raft-election", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Crash the leader repeatedly and print the time to elect a new one (Raft paper, Figure 16).",
        "Each timeout is drawn uniformly from the ticks in [MIN, MAX] ms; MIN-MIN is a fixed timeout."},
    footer = {"", "Examples:", "  tally sim raft-election --nodes 5 --trials 1000 --timeout-ms 150-300 --latency-ms 15",
        "  tally sim raft-election --timeout-ms 150-150,150-151,150-155,150-175,150-200,150-300"})
final class SimRaftElectionCommand implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "Cluster size (default 5).")
    int nodes;
    @Option(names = "--trials", paramLabel = "N", defaultValue = "1000", description = "Leader crashes per range (default 1000).")
    int trials;
    @Option(names = "--timeout-ms", paramLabel = "MIN-MAX", split = ",",
        description = "Election timeout range(s), comma separated (default 12-24,25-50,50-100,100-200,150-300).")
    List<String> timeouts;
    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "15",
        description = "Broadcast time: round trip of one RPC in ms (default 15, as in the paper).")
    long latencyMs;
    @Option(names = "--pre-vote", description = "Run with pre-vote and check-quorum (the paper's Raft has neither).")
    boolean preVote;
    @Option(names = "--ticks-per-ms", paramLabel = "N", defaultValue = "1",
        description = "Raft ticks per ms (default 1; 10 draws timeouts in tenths of a ms, ten times slower to run).")
    int ticksPerMs;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Override
    public Integer call() {
        List<String> ranges = timeouts == null ? List.of("12-24", "25-50", "50-100", "100-200", "150-300") : timeouts;
        List<ElectionExperiment.Params> params = new ArrayList<>();
        try {
            if (nodes < 3 || trials < 1) {
                throw new IllegalArgumentException("expected --nodes >= 3 and --trials >= 1, got " + nodes + " and "
                        + trials);
            }
            for (String r : ranges) {
                String[] parts = r.trim().split("-");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected a timeout range MIN-MAX like 150-300, got '" + r + "'");
                }
                long min;
                long max;
                try {
                    min = Long.parseLong(parts[0].trim());
                    max = Long.parseLong(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a timeout range MIN-MAX in whole ms like 150-300, got '"
                            + r + "'");
                }
                params.add(new ElectionExperiment.Params(nodes, trials, min, max, latencyMs, preVote,
                        Math.max(1, min / 3), ticksPerMs));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tally sim raft-election: " + e.getMessage());
            return 2;
        }
        System.out.println("raft-election: " + nodes + " nodes, " + trials + " leader crashes per range, broadcast "
                + latencyMs + " ms, heartbeat min/3, " + ticksPerMs + " tick(s) per ms, pre-vote " + (preVote ? "on" : "off")
                + ", seed " + seed);
        List<ElectionExperiment.Result> results = new ArrayList<>();
        for (ElectionExperiment.Params p : params) {
            results.add(new ElectionExperiment(seed, p).run());
        }
        ElectionExperiment.table(results).forEach(System.out::println);
        return 0;
    }
}
