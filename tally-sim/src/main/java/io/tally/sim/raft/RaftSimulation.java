package io.tally.sim.raft;

import io.tally.raft.Configuration;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.Role;
import io.tally.sim.disk.SimDisk;
import io.tally.sim.disk.SimStorage;
import io.tally.sim.disk.WalDisk;
import io.tally.sim.kernel.NetworkConfig;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimNetwork;
import io.tally.sim.kernel.SimRandom;
import io.tally.sim.linearizability.CheckResult;
import io.tally.sim.linearizability.LinearizabilityChecker;
import io.tally.sim.linearizability.Operation;
import io.tally.sim.linearizability.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One run of a Raft cluster in the simulator: N {@link SimNode}s and some {@link SimClient}s on a
 * simulated network, a fault phase (faults drawn from the seed by {@link FaultPlan}, including
 * membership changes and leadership transfers by {@link MembershipFaults}) then a healed phase. Each
 * seed also draws the disk kind: {@link SimDisk} or the real WAL ({@link WalDisk}). Safety is checked after every event ({@link SafetyChecker}); at the end: a leader was
 * elected within the bound after healing (the nodes run the state machine of {@link SimOptions#workload()}), every request completed within its bound, all nodes
 * converged to the same applied state, no acknowledged write is missing, and the client history is
 * linearizable. Pure: the same seed and options give the same run and trace hash. Not reusable:
 * one instance per run, on one thread.
 */
public final class RaftSimulation {
    private static final long LINEARIZABILITY_STEPS_MAX = 5_000_000;

    private final long seed;
    private final SimOptions options;
    private final SimRandom random;
    private final Scheduler scheduler = new Scheduler(4_000_000);
    private final FaultPlan plan;
    private final SafetyChecker checker = new SafetyChecker();
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final SimNetwork<SimMessage> network;
    private final Random faults;
    private final long healAtMs;
    private final long endAtMs;
    private final MembershipFaults membership;
    private long leaderAfterHealMs = -1;

    public RaftSimulation(long seed, SimOptions options) {
        this(seed, options, HarnessBug.NONE);
    }

    /** A run whose node harness makes {@code bug} on every node (tests of the checks). */
    RaftSimulation(long seed, SimOptions options, HarnessBug bug) {
        this.seed = seed;
        this.options = options;
        this.random = new SimRandom(seed);
        this.plan = FaultPlan.draw(random.stream("plan"), options);
        this.faults = random.stream("faults");
        this.healAtMs = options.faultPhaseMs();
        this.endAtMs = healAtMs + options.healedPhaseMs();
        int voters = options.nodes();
        int n = plan.totalNodes(voters);
        this.network = new SimNetwork<>(scheduler, random.stream("network"), n + options.clients(), plan.network(),
                this::deliver);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("n" + (i + 1));
        }
        Configuration conf = Configuration.ofVoters(ids.subList(0, voters).toArray(String[]::new));
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
            public void entryWritten(SimNode node, io.tally.raft.Entry entry) {
                checker.entryWritten(node, entry);
            }

            @Override
            public void applied(SimNode node, io.tally.raft.Entry entry,
                    io.tally.raft.session.SessionTable.Outcome outcome, long stateHash) {
                checker.applied(node, entry, outcome, stateHash);
            }

            @Override
            public void snapshotRestored(SimNode node, long index, long stateHash) {
                checker.snapshotRestored(node, index, stateHash);
            }
        };
        for (int i = 0; i < n; i++) {
            RaftConfig rc = RaftConfig.fromMillis(ids.get(i), options.tickMs(), options.electionTimeoutMs(),
                    options.heartbeatMs()).withReadMode(options.readMode());
            // Spare nodes (membership changes) start outside the cluster, with no configuration: they wait to be added.
            Configuration initial = i < voters ? conf : Configuration.EMPTY;
            SimStorage disk = plan.walSegmentBytes() > 0
                    ? new WalDisk(initial, plan.walSegmentBytes(), random.stream("wal-fs-" + i))
                    : new SimDisk(initial, 1_000_000);
            SimNode node = new SimNode(i, rc, disk, scheduler, random.child("node-" + i), env,
                    plan.compactEveryEntries(), options.workload());
            node.setSyncLatencyMs(i < voters ? plan.syncLatencyMs()[i] : 0);
            node.injectBug(bug);
            nodes.add(node);
        }
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < options.keys(); k++) {
            keys.add("k" + k);
        }
        long retryMs = 2 * options.electionTimeoutMs() + 4 * options.latencyMs();
        for (int c = 0; c < options.clients(); c++) {
            clients.add(new SimClient(n + c, c + 1, n, keys, scheduler, random, network::send, retryMs,
                    options.workload()));
        }
        this.membership = new MembershipFaults(nodes, voters, scheduler, faults, options.latencyMs(), this::crashNode);
    }

    /** Runs the whole simulation and its checks. */
    public SimResult run() {
        String failure = "";
        boolean inconclusive = false;
        try {
            setUp();
            scheduler.runUntil(healAtMs);
            heal();
            scheduler.runUntil(endAtMs);
            failure = finalChecks();
            if (failure.startsWith("inconclusive")) {
                inconclusive = true;
                failure = "";
            }
        } catch (SafetyViolation v) {
            failure = v.getMessage();
        } catch (RuntimeException e) {
            failure = "exception at " + scheduler.nowMs() + " ms: " + e + at(e);
        }
        scheduler.trace().fold(failure);
        long ops = 0;
        for (SimClient c : clients) {
            ops += c.history().size();
        }
        return new SimResult(seed, failure.isEmpty(), failure, scheduler.trace().hex(),
                String.join("\n", scheduler.recentEvents()), plan.describe(), scheduler.executedEvents(), ops,
                inconclusive);
    }

    private static String at(RuntimeException e) {
        StackTraceElement[] st = e.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            sb.append("\n    at ").append(st[i]);
        }
        return sb.toString();
    }

    private void setUp() {
        scheduler.afterEachEvent(this::afterEvent);
        Random offsets = random.stream("tick-offsets");
        for (SimNode node : nodes) {
            node.start();
            double rate = node.index() < options.nodes() ? plan.clockRate()[node.index()] : 1.0;
            double periodMs = options.tickMs() / rate;
            scheduleTick(node, "tick " + node.id(), offsets.nextInt((int) options.tickMs()), periodMs, 0);
        }
        long stopIssuing = endAtMs - options.requestBoundMs();
        for (SimClient c : clients) {
            c.start(SimRandom.between(random.stream("client-start-" + c.clientId()), 0, 100), stopIssuing);
        }
        if (plan.partitionEveryMs() > 0) {
            scheduleNext(plan.partitionEveryMs(), "partition", this::partition);
        }
        if (plan.crashEveryMs() > 0) {
            scheduleNext(plan.crashEveryMs(), "crash", this::crash);
        }
        if (plan.pauseEveryMs() > 0) {
            scheduleNext(plan.pauseEveryMs(), "pause", this::pause);
        }
        if (plan.membershipEveryMs() > 0) {
            scheduleNext(plan.membershipEveryMs(), "membership", membership::act);
        }
    }

    /** Tick k of a node whose clock runs at its own rate: at start + round(k * period), no drift accumulates. */
    private void scheduleTick(SimNode node, String label, long startMs, double periodMs, long k) {
        scheduler.at(startMs + Math.round(k * periodMs), label, () -> {
            node.tick();
            scheduleTick(node, label, startMs, periodMs, k + 1);
        });
    }

    private void scheduleNext(long everyMs, String label, Runnable action) {
        long delay = SimRandom.between(faults, everyMs / 2, everyMs * 3 / 2);
        if (scheduler.nowMs() + delay >= healAtMs) {
            return;
        }
        scheduler.after(delay, "fault " + label, () -> {
            action.run();
            scheduleNext(everyMs, label, action);
        });
    }

    private void afterEvent() {
        checker.afterEvent(nodes);
        if (leaderAfterHealMs < 0 && scheduler.nowMs() >= healAtMs && stableLeader()) {
            leaderAfterHealMs = scheduler.nowMs();
        }
    }

    /** A leader whose term is the highest among running nodes. */
    private boolean stableLeader() {
        long maxTerm = -1;
        boolean leaderAtMax = false;
        for (SimNode n : nodes) {
            RaftNode r = n.raft();
            if (r == null) {
                continue;
            }
            if (r.term() > maxTerm) {
                maxTerm = r.term();
                leaderAtMax = r.role() == Role.LEADER;
            } else if (r.term() == maxTerm && r.role() == Role.LEADER) {
                leaderAtMax = true;
            }
        }
        return leaderAtMax;
    }

    private void deliver(int from, int to, SimMessage m) {
        if (to < nodes.size()) {
            nodes.get(to).receive(m, from);
        } else if (m instanceof SimMessage.Reply r) {
            clients.get(to - nodes.size()).receive(r, from);
        } else {
            throw new IllegalStateException("client " + to + " got a non-reply " + m);
        }
    }

    private void partition() {
        int n = nodes.size();
        if (n < 2) {
            return;
        }
        int kind = faults.nextInt(4);
        String what;
        switch (kind) {
            case 0 -> {
                List<Integer> side = new ArrayList<>();
                int size = 1 + faults.nextInt(n / 2);
                while (side.size() < size) {
                    int c = faults.nextInt(n);
                    if (!side.contains(c)) {
                        side.add(c);
                    }
                }
                network.partition(side);
                what = "split off " + side;
            }
            case 1 -> {
                int a = faults.nextInt(n);
                int b = (a + 1 + faults.nextInt(n - 1)) % n;
                network.cutOneWay(a, b);
                what = "cut " + a + "->" + b;
            }
            case 2 -> {
                int leader = currentLeader();
                int victim = leader >= 0 ? leader : faults.nextInt(n);
                network.isolate(victim);
                what = "isolate " + victim + (leader >= 0 ? " (leader)" : "");
            }
            default -> {
                network.heal();
                what = "heal";
            }
        }
        scheduler.trace().fold("partition " + what);
        long duration = SimRandom.between(faults, 100, plan.partitionMaxMs());
        if (scheduler.nowMs() + duration < healAtMs) {
            scheduler.after(duration, "fault heal partition", network::heal);
        }
    }

    private void crash() {
        int leader = currentLeader();
        int victim = leader >= 0 && faults.nextInt(3) == 0 ? leader : faults.nextInt(nodes.size());
        SimNode node = nodes.get(victim);
        if (!node.up()) {
            return;
        }
        crashNode(node);
    }

    /** Crashes a running node and schedules its restart after a down time drawn from the plan. */
    private void crashNode(SimNode node) {
        if (scheduler.nowMs() >= healAtMs || !node.up()) {
            return; // a crash scheduled by another fault (mid joint consensus) that would land in the healed phase
        }
        String kept = node.crash(faults, plan.tornProbability());
        scheduler.trace().fold("crash " + node.id() + ": " + kept);
        long down = SimRandom.between(faults, 10, plan.downMaxMs() > 0 ? plan.downMaxMs() : 1_000);
        scheduler.after(down, "restart " + node.id(), () -> {
            if (!node.up()) {
                node.start();
            }
        });
    }

    private void pause() {
        SimNode node = nodes.get(faults.nextInt(nodes.size()));
        if (!node.up() || node.paused()) {
            return;
        }
        node.pause();
        long duration = SimRandom.between(faults, 10, plan.pauseMaxMs());
        scheduler.after(duration, "resume " + node.id(), node::resume);
    }

    private int currentLeader() {
        for (SimNode n : nodes) {
            if (n.raft() != null && n.raft().role() == Role.LEADER) {
                return n.index();
            }
        }
        return -1;
    }

    private void heal() {
        network.heal();
        NetworkConfig c = plan.network();
        network.setConfig(new NetworkConfig(c.latencyMs(), c.jitterMs(), 0, 0, 0, 0));
        for (SimNode n : nodes) {
            if (!n.up()) {
                n.start();
            } else {
                n.resume();
            }
        }
        scheduler.trace().fold("heal");
    }

    private String finalChecks() {
        if (leaderAfterHealMs < 0 || leaderAfterHealMs - healAtMs > options.leaderBoundMs()) {
            return "liveness: no leader within " + options.leaderBoundMs() + " ms after healing at " + healAtMs + " ms"
                    + (leaderAfterHealMs < 0 ? " (none at all)" : " (first at " + leaderAfterHealMs + " ms)");
        }
        List<Operation<Object, Object>> history = new ArrayList<>();
        for (SimClient c : clients) {
            for (SimClient.Record r : c.history()) {
                history.add(r.op());
                long due = Math.max(healAtMs, r.invokeMs()) + options.requestBoundMs();
                if (r.op().pending()) {
                    return "liveness: client " + c.clientId() + " " + r.op().input() + " on " + r.op().key()
                            + " invoked at " + r.invokeMs() + " ms never completed (" + r.attempts() + " attempts)";
                }
                if (r.completeMs() > due) {
                    return "liveness: client " + c.clientId() + " " + r.op().input() + " invoked at " + r.invokeMs()
                            + " ms completed at " + r.completeMs() + " ms, after the bound (" + due + " ms)";
                }
                if (r.sequence() > 0 && !checker.wasApplied(c.clientId(), r.sequence())) {
                    return "acknowledged write lost: client " + c.clientId() + " seq " + r.sequence() + " "
                            + r.op().input() + " on " + r.op().key() + " was answered " + r.op().output()
                            + " but no node applied it";
                }
            }
        }
        long max = checker.maxAppliedIndex();
        Configuration members = finalConfiguration();
        for (SimNode n : nodes) {
            if (!members.contains(n.id())) {
                continue; // removed or never added: it need not (and may not) learn what happened after it left
            }
            long applied = n.stateMachine().appliedIndex();
            if (applied != max || n.stateMachine().stateHash() != checker.stateHashAt(max)) {
                return "convergence: " + n.id() + " applied up to " + applied + " but the cluster reached " + max
                        + " (" + options.healedPhaseMs() + " ms after healing)";
            }
        }
        CheckResult lin = new LinearizabilityChecker<>(erase(options.workload()).model(), LINEARIZABILITY_STEPS_MAX).check(history);
        scheduler.trace().fold(lin.verdict().name());
        if (lin.verdict() == Verdict.NOT_LINEARIZABLE) {
            return "linearizability: " + lin.detail();
        }
        if (lin.verdict() == Verdict.INCONCLUSIVE) {
            return "inconclusive: " + lin.detail();
        }
        return "";
    }

    /** The configuration of the leader with the highest term (the run ends with one: liveness was checked first). */
    private Configuration finalConfiguration() {
        SimNode best = null;
        for (SimNode n : nodes) {
            RaftNode r = n.raft();
            if (r != null && r.role() == Role.LEADER && (best == null || r.term() > best.raft().term())) {
                best = n;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no leader at the end although one was seen after healing");
        }
        return best.raft().configuration();
    }

    /**
     * {@code w} with its type parameters erased: the harness carries operations and outputs as {@code Object} (they
     * cross the simulated network in {@link SimMessage}) and only ever hands a workload back what it produced itself.
     */
    @SuppressWarnings("unchecked")
    static SimWorkload<Object, Object, Object> erase(SimWorkload<?, ?, ?> w) {
        return (SimWorkload<Object, Object, Object>) w;
    }

    /** The scheduler (for tests that inspect the run). */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The membership fault family of this run (tests). */
    MembershipFaults membership() {
        return membership;
    }

    List<SimNode> nodes() {
        return nodes;
    }
}
