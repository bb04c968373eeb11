package io.tally.sim.raft;

import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code tally sim raft} does, without the printing: runs seeds, formats the summary and
 * failure lines and the replay command. Lines go to the caller's consumer (the CLI prints them).
 * Single-threaded.
 */
public final class RaftSimRunner {
    private RaftSimRunner() { }

    /** An inclusive range of seeds. */
    public record SeedRange(long first, long last) {
        public SeedRange {
            if (last < first) {
                throw new IllegalArgumentException("expected a seed range A..B with A <= B, got " + first + ".." + last);
            }
        }

        /** Parses {@code A..B} or a single seed {@code S}. */
        public static SeedRange parse(String text) {
            String t = text.trim();
            int dots = t.indexOf("..");
            try {
                if (dots < 0) {
                    long s = Long.parseLong(t);
                    return new SeedRange(s, s);
                }
                return new SeedRange(Long.parseLong(t.substring(0, dots).trim()),
                        Long.parseLong(t.substring(dots + 2).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected seeds as A..B (e.g. 1..1000) or a single number, got '"
                        + text + "'", e);
            }
        }

        public long count() {
            return last - first + 1;
        }
    }

    /** The command that replays {@code seed} with {@code options}. */
    public static String replayCommand(long seed, SimOptions options) {
        return "tally sim raft --seed " + seed + " " + options.commandLine();
    }

    /** One line per failing seed, as printed by a multi-seed run. */
    public static String failureLine(SimResult r, SimOptions options) {
        return r.summary() + "  replay: " + replayCommand(r.seed(), options);
    }

    /** The full report of one failing run: what was violated, the fault plan, the last events, the replay. */
    public static List<String> failureReport(SimResult r, SimOptions options) {
        return List.of(
                r.summary(),
                "violated: " + r.failure(),
                "faults drawn from the seed: " + r.plan(),
                "last events:\n  " + r.lastEvents().replace("\n", "\n  "),
                "replay: " + replayCommand(r.seed(), options));
    }

    /**
     * Runs every seed of {@code range}; prints a line per failing seed (and per passing seed when
     * {@code verbose}) and the final {@code raft sim: N seeds, F failed}. Returns F.
     */
    public static long runSeeds(SeedRange range, SimOptions options, boolean verbose, Consumer<String> out) {
        long failed = 0;
        long inconclusive = 0;
        for (long s = range.first(); s <= range.last(); s++) {
            SimResult r = new RaftSimulation(s, options).run();
            if (!r.ok()) {
                failed++;
                out.accept(failureLine(r, options));
            } else if (verbose) {
                out.accept(r.summary() + (r.inconclusive() ? " (linearizability inconclusive)" : ""));
            }
            if (r.inconclusive()) {
                inconclusive++;
            }
            if (s == Long.MAX_VALUE) {
                break;
            }
        }
        out.accept("raft sim: " + range.count() + " seeds, " + failed + " failed"
                + (inconclusive > 0 ? " (" + inconclusive + " with an inconclusive linearizability search)" : ""));
        return failed;
    }

    /** Runs one seed; prints {@code seed S: ok trace=H} or the failure report. Returns whether it passed. */
    public static boolean runOne(long seed, SimOptions options, boolean verbose, Consumer<String> out) {
        SimResult r = new RaftSimulation(seed, options).run();
        if (r.ok()) {
            out.accept(r.summary());
            if (verbose) {
                out.accept("faults drawn from the seed: " + r.plan());
                out.accept(r.events() + " events, " + r.operations() + " client operations"
                        + (r.inconclusive() ? ", linearizability search inconclusive" : ""));
            }
            return true;
        }
        failureReport(r, options).forEach(out);
        return false;
    }
}
