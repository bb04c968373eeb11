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
        "Timeout ranges must be B-2B: the Raft core draws timeouts uniformly in [base, 2*base)."},
    footer = {"", "Example:", "  tally sim raft-election --nodes 5 --trials 1000 --timeout-ms 150-300 --latency-ms 15"})
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
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default 1).")
    long seed;

    @Override
    public Integer call() {
        List<String> ranges = timeouts == null ? List.of("12-24", "25-50", "50-100", "100-200", "150-300") : timeouts;
        List<ElectionExperiment.Params> params = new ArrayList<>();
        try {
            for (String r : ranges) {
                String[] parts = r.trim().split("-");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected a timeout range MIN-MAX like 150-300, got '" + r + "'");
                }
                long min = Long.parseLong(parts[0].trim());
                long max = Long.parseLong(parts[1].trim());
                params.add(new ElectionExperiment.Params(nodes, trials, min, max, latencyMs, preVote,
                        Math.max(1, min / 3)));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tally sim raft-election: " + e.getMessage());
            return 2;
        }
        System.out.println("raft-election: " + nodes + " nodes, " + trials + " leader crashes per range, broadcast "
                + latencyMs + " ms, heartbeat min/3, pre-vote " + (preVote ? "on" : "off") + ", seed " + seed);
        List<ElectionExperiment.Result> results = new ArrayList<>();
        for (ElectionExperiment.Params p : params) {
            results.add(new ElectionExperiment(seed, p).run());
        }
        ElectionExperiment.table(results).forEach(System.out::println);
        return 0;
    }
}
