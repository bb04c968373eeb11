package io.tally.cli;

import io.tally.sim.gossip.GossipReport;
import io.tally.sim.gossip.GossipSimParams;
import io.tally.sim.gossip.GossipSimulation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally sim gossip}: runs SWIM membership (with or without Lifeguard) on the deterministic
 * simulator and prints its steady per-member load, the spread of one broadcast, the detection of
 * a crashed member, and the false positives caused by slow nodes on a lossy network with and
 * without Lifeguard. Runs on the calling thread; prints to standard output. Exit codes: 0, or 2 for
 * bad options. The same options and seed always print the same figures and trace hash.
 */
@Command(name = "gossip", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Simulate SWIM gossip membership: load, broadcast spread, crash detection, false positives.",
        "See docs/gossip.md for what each figure means and the N = 10/100/1000 table."},
    footer = {"", "Example:", "  tally sim gossip --nodes 1000 --latency-ms 10 --loss 0.01 --seed 1"})
final class SimGossipCommand implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "100", description = "Cluster size (default 100).")
    int nodes;
    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "10",
        description = "One-way network latency in ms; jitter adds up to a fifth (default 10).")
    long latencyMs;
    @Option(names = "--loss", paramLabel = "P", defaultValue = "0.01",
        description = "Probability that a datagram is lost (default 0.01).")
    double loss;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default 1).")
    long seed;
    @Option(names = "--lifeguard", paramLabel = "on|off", defaultValue = "on",
        description = "Lifeguard for the load, broadcast and crash runs (default on); the false-positive runs do both.")
    String lifeguard;
    @Option(names = "--period-ms", paramLabel = "MS", defaultValue = "1000",
        description = "SWIM protocol period in ms; the probe timeout is half (default 1000).")
    long periodMs;
    @Option(names = "--slow-fraction", paramLabel = "F", defaultValue = "0.1",
        description = "Share of nodes that pause and lag in the false-positive runs (default 0.1).")
    double slowFraction;
    @Option(names = "--fp-seconds", paramLabel = "S", defaultValue = "120",
        description = "Simulated seconds of each false-positive run; 0 skips them (default 120).")
    long fpSeconds;

    @Override
    public Integer call() {
        GossipSimParams params;
        try {
            boolean on = switch (lifeguard) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("expected --lifeguard on or off, got '" + lifeguard + "'");
            };
            if (fpSeconds < 0) {
                throw new IllegalArgumentException("expected --fp-seconds >= 0, got " + fpSeconds);
            }
            params = new GossipSimParams(nodes, latencyMs, loss, seed, on, periodMs, slowFraction, fpSeconds * 1000);
        } catch (IllegalArgumentException e) {
            System.err.println("tally sim gossip: " + e.getMessage());
            return 2;
        }
        GossipReport report = GossipSimulation.run(params);
        report.lines().forEach(System.out::println);
        return 0;
    }
}
