package io.tally.cli;

import io.tally.raft.ReadMode;
import io.tally.sim.raft.FaultKind;
import io.tally.sim.raft.RaftSimRunner;
import io.tally.sim.data.RaftDataWorkload;
import io.tally.sim.raft.KvWorkload;
import io.tally.sim.raft.SimOptions;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally sim raft}: runs the deterministic Raft cluster simulation for one seed or a range of
 * seeds (see docs/simulator.md). Exit codes: 0 when every seed passed, 1 when any failed, 2 for bad
 * options. Runs on the calling thread; prints to standard output.
 */
@Command(name = "raft", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Simulate a Raft cluster under faults and check safety, liveness and linearizability.",
        "The same seed always gives the same run and the same trace hash."},
    footer = {"", "Examples:",
        "  tally sim raft --nodes 5 --seeds 1..1000 --faults all",
        "  tally sim raft --seed 42 --faults crash,network --verbose"})
final class SimRaftCommand implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5", description = "Cluster size, 1..9 (default 5).")
    int nodes;
    @Option(names = "--seeds", paramLabel = "A..B", description = "Run every seed of this range (default 1..100).")
    String seeds;
    @Option(names = "--seed", paramLabel = "S", description = "Run one seed and print its trace hash or its failure.")
    Long seed;
    @Option(names = "--faults", paramLabel = "LIST", defaultValue = "all",
        description = "none, all, or a comma list of network, partition, crash, disk, pause, clock, membership "
            + "(default all).")
    String faults;
    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "10",
        description = "Base one-way network latency in ms (default 10).")
    long latencyMs;
    @Option(names = "--read-mode", paramLabel = "MODE", defaultValue = "safe",
        description = "How reads are served: safe (ReadIndex) or lease (leader leases; default safe).")
    String readMode;
    @Option(names = "--workload", paramLabel = "NAME", defaultValue = "kv",
        description = "State machine and client mix: kv (counter/register test machine), or the data layer's "
            + "counter, register or items (default kv).")
    String workload;
    @Option(names = "--verbose", description = "Print every seed's result and the fault plan.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        SimOptions options;
        RaftSimRunner.SeedRange range;
        try {
            if (seed != null && seeds != null) {
                throw new IllegalArgumentException("give either --seed or --seeds, not both");
            }
            options = SimOptions.defaults().withNodes(nodes).withFaults(FaultKind.parse(faults)).withLatencyMs(latencyMs)
                    .withReadMode(switch (readMode.toLowerCase(java.util.Locale.ROOT)) {
                        case "safe" -> ReadMode.SAFE;
                        case "lease" -> ReadMode.LEASE;
                        default -> throw new IllegalArgumentException("expected --read-mode safe or lease, got '"
                                + readMode + "'");
                    });
            options = options.withWorkload("kv".equals(workload) ? KvWorkload.INSTANCE : RaftDataWorkload.named(workload));
            range = RaftSimRunner.SeedRange.parse(seeds == null ? "1..100" : seeds);
        } catch (IllegalArgumentException e) {
            System.err.println("tally sim raft: " + e.getMessage());
            return 2;
        }
        if (seed != null) {
            return RaftSimRunner.runOne(seed, options, verbose, out::println) ? 0 : 1;
        }
        return RaftSimRunner.runSeeds(range, options, verbose, out::println) == 0 ? 0 : 1;
    }
}
