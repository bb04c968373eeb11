package io.tally.sim.raft;

import io.tally.raft.Configuration;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.Role;
import io.tally.raft.session.SessionTable;
import io.tally.sim.disk.SimDisk;
import io.tally.sim.kernel.NetworkConfig;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimNetwork;
import io.tally.sim.kernel.SimRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reproduces Figure 16 of the Raft paper ("In Search of an Understandable Consensus Algorithm"):
 * repeatedly crash the leader of a healthy cluster and measure the simulated time until a new
 * leader is elected. Nodes tick every millisecond (so a range like 150-151 ms draws 150 or 151 ticks); messages take {@code broadcastMs / 2} one way
 * with ±20% jitter (so a request and its answer take about the paper's broadcast time). As in the
 * paper's test script, the leader broadcasts a new entry just before it crashes, which
 * synchronises the followers' timers (the worst case for split votes). The crashed leader
 * restarts once the new one is elected, and the next trial waits for the cluster to settle. Pure and deterministic for a seed; single-threaded.
 */
public final class ElectionExperiment {

    /**
     * Parameters of one experiment.
     *
     * @param nodes cluster size
     * @param trials leader crashes to measure
     * @param timeoutMinMs lower end of the election timeout range
     * @param timeoutMaxMs upper end, inclusive: each timeout is drawn uniformly from the whole milliseconds in
     *                     [timeoutMinMs, timeoutMaxMs] (equal ends: a fixed timeout)
     * @param broadcastMs round-trip time of one RPC (the paper's "broadcast time")
     * @param preVote run Raft with pre-vote and check-quorum (the paper's Raft has neither)
     * @param heartbeatMs leader heartbeat interval
     * @param ticksPerMs Raft ticks (and simulated clock units) per millisecond: 1 draws timeouts in whole ms, 10 in
     *                   tenths of a ms (closer to the paper's continuous timers, ten times the events)
     */
    public record Params(int nodes, int trials, long timeoutMinMs, long timeoutMaxMs, long broadcastMs,
            boolean preVote, long heartbeatMs, int ticksPerMs) {

        /** One tick per millisecond. */
        public Params(int nodes, int trials, long timeoutMinMs, long timeoutMaxMs, long broadcastMs, boolean preVote,
                      long heartbeatMs) {
            this(nodes, trials, timeoutMinMs, timeoutMaxMs, broadcastMs, preVote, heartbeatMs, 1);
        }

        public Params {
            if (ticksPerMs < 1 || ticksPerMs > 100) {
                throw new IllegalArgumentException("expected 1 <= ticksPerMs <= 100, got " + ticksPerMs);
            }
            if (nodes < 3 || trials < 1 || timeoutMinMs < 2 || broadcastMs < 0) {
                throw new IllegalArgumentException("expected nodes >= 3, trials >= 1, timeoutMinMs >= 2, broadcastMs >= 0;"
                        + " got " + nodes + ", " + trials + ", " + timeoutMinMs + ", " + broadcastMs);
            }
            if (timeoutMaxMs < timeoutMinMs || timeoutMaxMs > 100_000) {
                throw new IllegalArgumentException("expected a timeout range MIN-MAX with MIN <= MAX, got "
                        + timeoutMinMs + "-" + timeoutMaxMs);
            }
            if (heartbeatMs < 1 || heartbeatMs >= timeoutMinMs) {
                throw new IllegalArgumentException("expected 1 <= heartbeatMs < timeoutMinMs, got " + heartbeatMs);
            }
        }

        /** The paper's setting: heartbeats at a third of the minimum timeout, no pre-vote. */
        public static Params paper(int nodes, int trials, long timeoutMinMs, long broadcastMs) {
            return new Params(nodes, trials, timeoutMinMs, 2 * timeoutMinMs, broadcastMs, false,
                    Math.max(1, timeoutMinMs / 3));
        }
    }

    /**
     * Times from leader crash to a new leader, sorted, in ms (rounded down to whole ms).
     *
     * @param unfinished trials where no leader appeared within the per-trial bound (not in {@code sortedMs})
     */
    public record Result(Params params, long[] sortedMs, int unfinished) {
        public long percentile(double p) {
            if (sortedMs.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100.0 * sortedMs.length) - 1;
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, i))];
        }

        public long max() {
            return sortedMs.length == 0 ? -1 : sortedMs[sortedMs.length - 1];
        }
    }

    /** The table printed by {@code tally sim raft-election}: one row per timeout range. */
    public static List<String> table(List<Result> results) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(java.util.Locale.ROOT, "%-12s %7s %7s %7s %7s %7s  %s", "timeout-ms", "trials", "p50",
                "p90", "p99", "max", "(ms from leader crash to a new leader)"));
        for (Result r : results) {
            Params p = r.params();
            lines.add(String.format(java.util.Locale.ROOT, "%-12s %7d %7d %7d %7d %7d%s",
                    p.timeoutMinMs() + "-" + p.timeoutMaxMs(), r.sortedMs().length, r.percentile(50),
                    r.percentile(90), r.percentile(99), r.max(),
                    r.unfinished() > 0 ? "  (" + r.unfinished() + " trials found no leader within 60 s)" : ""));
        }
        return lines;
    }

    private static final long TRIAL_BOUND_MS = 60_000;

    private final Params params;
    private final SimRandom random;
    private final Scheduler scheduler = new Scheduler(1_000_000);
    private final List<SimNode> nodes = new ArrayList<>();
    private final SimNetwork<SimMessage> network;
    private final Random choices;

    public ElectionExperiment(long seed, Params params) {
        this.params = params;
        this.random = new SimRandom(seed);
        this.choices = random.stream("experiment");
        int tpm = params.ticksPerMs();
        long oneWay = params.broadcastMs() * tpm / 2;
        this.network = new SimNetwork<>(scheduler, random.stream("network"), params.nodes(),
                new NetworkConfig(Math.max(0, oneWay - oneWay / 5), 2 * (oneWay / 5), 0, 0, 0, 0),
                (from, to, m) -> nodes.get(to).receive(m, from));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < params.nodes(); i++) {
            ids.add("n" + (i + 1));
        }
        Configuration conf = Configuration.ofVoters(ids.toArray(String[]::new));
        SimNode.Environment env = new SimNode.Environment() {
            @Override
            public void send(int fromNode, int toNetIndex, SimMessage message) {
                network.send(fromNode, toNetIndex, message);
            }

            @Override
            public int netIndexOf(String nodeId) {
                return Integer.parseInt(nodeId.substring(1)) - 1;
            }

            @Override
            public void entryWritten(SimNode node, io.tally.raft.Entry entry) { }

            @Override
            public void applied(SimNode node, io.tally.raft.Entry entry, SessionTable.Outcome outcome, long hash) { }

            @Override
            public void snapshotRestored(SimNode node, long index, long stateHash) { }
        };
        for (int i = 0; i < params.nodes(); i++) {
            RaftConfig rc = RaftConfig.defaults(ids.get(i))
                    .withTimeouts((int) params.timeoutMinMs() * tpm, (int) params.heartbeatMs() * tpm)
                    .withElectionTimeoutRange((int) params.timeoutMinMs() * tpm, (int) params.timeoutMaxMs() * tpm)
                    .withPreVote(params.preVote())
                    .withCheckQuorum(params.preVote());
            nodes.add(new SimNode(i, rc, new SimDisk(conf, 1_000_000), scheduler, random.child("node-" + i), env, 0));
        }
    }

    /** Runs every trial. */
    public Result run() {
        for (SimNode n : nodes) {
            n.start();
            scheduler.every(0, 1, "tick " + n.id(), n::tick);
        }
        long[] times = new long[params.trials()];
        int done = 0;
        int unfinished = 0;
        for (int t = 0; t < params.trials(); t++) {
            // Settle: everyone up, one leader that all others follow, then a random extra wait.
            long bound = TRIAL_BOUND_MS * params.ticksPerMs();
            boolean settled = scheduler.runWhile(() -> !settled(), scheduler.nowMs() + bound);
            if (!settled) {
                throw new IllegalStateException("the cluster did not settle within " + TRIAL_BOUND_MS + " ms (trial "
                        + t + ")");
            }
            long maxTicks = params.timeoutMaxMs() * params.ticksPerMs();
            scheduler.runUntil(scheduler.nowMs() + maxTicks + choices.nextInt((int) maxTicks));
            SimNode leader = leader();
            if (leader == null) {
                t--;
                continue; // lost leadership while waiting (rare): settle again
            }
            long crashedTerm = leader.raft().term();
            long crashAt = scheduler.nowMs();
            leader.proposeDirect(KvCommand.encode("x", new io.tally.sim.linearizability.KvOp.Increment(1)));
            leader.crash(choices, 0);
            boolean elected = scheduler.runWhile(() -> !newLeader(crashedTerm), crashAt + bound);
            if (elected) {
                times[done++] = (scheduler.nowMs() - crashAt) / params.ticksPerMs();
            } else {
                unfinished++;
            }
            leader.start();
        }
        long[] sorted = Arrays.copyOf(times, done);
        Arrays.sort(sorted);
        return new Result(params, sorted, unfinished);
    }

    private boolean settled() {
        SimNode l = leader();
        if (l == null) {
            return false;
        }
        for (SimNode n : nodes) {
            RaftNode r = n.raft();
            if (r == null || r.term() != l.raft().term() || !l.id().equals(r.leaderId())) {
                return false;
            }
        }
        return true;
    }

    private SimNode leader() {
        for (SimNode n : nodes) {
            if (n.raft() != null && n.raft().role() == Role.LEADER) {
                return n;
            }
        }
        return null;
    }

    private boolean newLeader(long crashedTerm) {
        for (SimNode n : nodes) {
            RaftNode r = n.raft();
            if (r != null && r.role() == Role.LEADER && r.term() > crashedTerm) {
                return true;
            }
        }
        return false;
    }
}
