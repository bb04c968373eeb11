package io.tally.raft;

import io.tally.raft.message.RaftMessage;
import io.tally.raft.storage.MemoryRaftStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * In-memory test network for scenario tests: nodes, their storage and applications, and an explicit message queue.
 * Tests deliver, drop, partition, crash and restart explicitly; nothing happens unless the test says so.
 */
final class Cluster {
    final Map<String, RaftNode> nodes = new TreeMap<>();
    final Map<String, MemoryRaftStorage> disks = new TreeMap<>();
    final Map<String, TestApp> apps = new TreeMap<>();
    final Map<String, RaftConfig> configs = new TreeMap<>();
    final Map<String, List<ReadState>> reads = new TreeMap<>();
    final Map<String, List<Long>> failedReads = new TreeMap<>();
    /** Messages sent and not yet delivered, in order. */
    final List<RaftMessage> inFlight = new ArrayList<>();
    final Set<String> cut = new HashSet<>();
    /** Every message delivered so far, in order. */
    final List<RaftMessage> delivered = new ArrayList<>();
    final Set<String> crashed = new HashSet<>();
    private final long seed;
    private int restarts;

    Cluster(long seed) {
        this.seed = seed;
    }

    /** A bootstrapped cluster of voters n1..nN (pre-vote and check-quorum on), no election yet. */
    static Cluster of(int n) {
        return of(n, id -> RaftConfig.defaults(id).withTimeouts(10, 2));
    }

    static Cluster of(int n, java.util.function.Function<String, RaftConfig> config) {
        Cluster c = new Cluster(42);
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "n" + (i + 1);
        }
        Configuration initial = Configuration.ofVoters(ids);
        for (String id : ids) {
            c.add(config.apply(id), new MemoryRaftStorage(initial));
        }
        return c;
    }

    /** Adds a node (for example a new learner with empty storage). */
    void add(RaftConfig cfg, MemoryRaftStorage disk) {
        String id = cfg.id();
        configs.put(id, cfg);
        disks.put(id, disk);
        apps.put(id, new TestApp());
        reads.put(id, new ArrayList<>());
        failedReads.put(id, new ArrayList<>());
        nodes.put(id, new RaftNode(cfg, disk.recover(), new Random(nodeSeed(id, 0))));
        process(id);
    }

    /**
     * A distinct seed per node and incarnation. Nodes must never share a seed: identical election timeouts split
     * every vote forever (an earlier "seed + id.hashCode() + restarts" collided for n1 and n2).
     */
    private long nodeSeed(String id, int incarnation) {
        return seed * 0x9E3779B97F4A7C15L + id.hashCode() * 0xBF58476D1CE4E5B9L + incarnation * 0x94D049BB133111EBL;
    }

    RaftNode node(String id) {
        return nodes.get(id);
    }

    TestApp app(String id) {
        return apps.get(id);
    }

    /** Drains every Ready of one node: persist, queue messages, apply. */
    void process(String id) {
        RaftNode n = nodes.get(id);
        int guard = 0;
        while (n.hasReady()) {
            if (++guard > 10_000) {
                throw new IllegalStateException("ready loop does not settle on " + id);
            }
            Ready r = n.ready();
            inFlight.addAll(r.messages());
            disks.get(id).persist(r);
            inFlight.addAll(r.messagesAfterPersist());
            TestApp app = apps.get(id);
            if (r.snapshot() != null) {
                app.restore(r.snapshot());
            }
            for (Entry e : r.committedEntries()) {
                app.apply(e);
            }
            reads.get(id).addAll(r.readStates());
            failedReads.get(id).addAll(r.failedReads());
            n.advance(r);
        }
    }

    void processAll() {
        for (String id : nodes.keySet()) {
            if (!crashed.contains(id)) {
                process(id);
            }
        }
    }

    private boolean blocked(RaftMessage m) {
        return crashed.contains(m.to()) || crashed.contains(m.from())
                || cut.contains(m.from() + ">" + m.to());
    }

    /** Delivers queued messages (and those they cause) until the network is quiet. */
    void deliverAll() {
        deliverWhile(m -> true, UnaryOperator.identity());
    }

    /** Delivers messages until quiet, dropping those matching {@code drop}. */
    void deliverDropping(Predicate<RaftMessage> drop) {
        deliverWhile(m -> !drop.test(m), UnaryOperator.identity());
    }

    private void deliverWhile(Predicate<RaftMessage> keep, UnaryOperator<RaftMessage> rewrite) {
        processAll();
        int rounds = 0;
        while (!inFlight.isEmpty()) {
            if (++rounds > 10_000) {
                throw new IllegalStateException("network does not quiesce");
            }
            List<RaftMessage> batch = new ArrayList<>(inFlight);
            inFlight.clear();
            for (RaftMessage m : batch) {
                if (!blocked(m) && keep.test(m)) {
                    delivered.add(rewrite.apply(m));
                    nodes.get(m.to()).step(rewrite.apply(m));
                    process(m.to());
                }
            }
        }
    }

    /** Delivers until quiet, passing every message through {@code rewrite} (null drops it). */
    void deliverRewriting(UnaryOperator<RaftMessage> rewrite) {
        deliverWhile(m -> rewrite.apply(m) != null, rewrite);
    }

    /** Ticks the given live nodes once each and delivers everything. */
    void tick(int times, String... ids) {
        for (int i = 0; i < times; i++) {
            for (String id : ids) {
                nodes.get(id).tick();
            }
            deliverAll();
        }
    }

    /** Ticks every live node until some node is leader (bounded); returns it. */
    String tickUntilLeader() {
        for (int i = 0; i < 500; i++) {
            String l = leader();
            if (l != null && nodes.values().stream().filter(n -> !crashed.contains(n.id()))
                    .filter(n -> n.role() == Role.LEADER).count() == 1) {
                return l;
            }
            tickAll(1);
        }
        StringBuilder sb = new StringBuilder("no leader after 500 ticks:");
        for (RaftNode n : nodes.values()) {
            sb.append("\n  ").append(n).append(" conf=").append(n.configuration()).append(" leader=").append(n.leaderId())
                    .append(" lastTerm=").append(n.termAt(n.lastIndex())).append(crashed.contains(n.id()) ? " CRASHED" : "");
        }
        throw new IllegalStateException(sb.toString());
    }

    /** Campaigns {@code id} repeatedly (bounded) until it wins; returns its term. */
    long campaignUntilLeader(String id, java.util.function.Predicate<RaftMessage> drop) {
        for (int i = 0; i < 10; i++) {
            nodes.get(id).campaign();
            deliverDropping(drop);
            if (nodes.get(id).role() == Role.LEADER) {
                return nodes.get(id).term();
            }
        }
        throw new IllegalStateException(id + " could not win an election: " + nodes.get(id));
    }

    /** Delivers exactly the queued messages matching {@code which} (one hop), keeping the others queued. */
    void deliverOnly(Predicate<RaftMessage> which) {
        processAll();
        List<RaftMessage> batch = new ArrayList<>(inFlight);
        inFlight.clear();
        List<RaftMessage> keepQueued = new ArrayList<>();
        for (RaftMessage m : batch) {
            if (which.test(m) && !blocked(m)) {
                delivered.add(m);
                nodes.get(m.to()).step(m);
                process(m.to());
            } else {
                keepQueued.add(m);
            }
        }
        List<RaftMessage> produced = new ArrayList<>(inFlight);
        inFlight.clear();
        inFlight.addAll(keepQueued);
        inFlight.addAll(produced);
    }

    /** Delivers one random queued message (or drops/duplicates it); false if nothing is queued. */
    boolean deliverOneRandom(Random r, double dropProbability, double duplicateProbability) {
        processAll();
        if (inFlight.isEmpty()) {
            return false;
        }
        RaftMessage m = inFlight.remove(r.nextInt(inFlight.size()));
        if (blocked(m) || r.nextDouble() < dropProbability) {
            return true;
        }
        if (r.nextDouble() < duplicateProbability) {
            inFlight.add(m);
        }
        delivered.add(m);
        nodes.get(m.to()).step(m);
        process(m.to());
        return true;
    }

    void dropAll() {
        inFlight.clear();
    }

    /** Ticks every live node once and delivers everything. */
    void tickAll(int times) {
        for (int i = 0; i < times; i++) {
            for (String id : nodes.keySet()) {
                if (!crashed.contains(id)) {
                    nodes.get(id).tick();
                }
            }
            deliverAll();
        }
    }

    /** Makes {@code id} campaign and delivers until quiet; returns it. */
    RaftNode elect(String id) {
        nodes.get(id).campaign();
        deliverAll();
        if (nodes.get(id).role() != Role.LEADER) {
            throw new IllegalStateException(id + " did not become leader: " + nodes.get(id));
        }
        return nodes.get(id);
    }

    ProposeResult propose(String id, String command) {
        ProposeResult r = nodes.get(id).propose(Proposal.of(command.getBytes(StandardCharsets.UTF_8)));
        deliverAll();
        return r;
    }

    /** Cuts both directions between {@code a} and every node not in {@code a}. */
    void isolate(String... group) {
        Set<String> g = Set.of(group);
        for (String x : nodes.keySet()) {
            for (String y : nodes.keySet()) {
                if (g.contains(x) != g.contains(y)) {
                    cut.add(x + ">" + y);
                }
            }
        }
    }

    void heal() {
        cut.clear();
    }

    void crash(String id) {
        crashed.add(id);
        inFlight.removeIf(m -> m.to().equals(id) || m.from().equals(id));
    }

    /** Restarts a crashed node from its storage (its application restores from the stored snapshot). */
    void restart(String id) {
        crashed.remove(id);
        MemoryRaftStorage disk = disks.get(id);
        TestApp app = new TestApp();
        app.restore(disk.snapshot());
        apps.put(id, app);
        nodes.put(id, new RaftNode(configs.get(id), disk.recover(), new Random(nodeSeed(id, ++restarts))));
        process(id);
    }

    String leader() {
        String found = null;
        long bestTerm = -1;
        for (RaftNode n : nodes.values()) {
            if (!crashed.contains(n.id()) && n.role() == Role.LEADER && n.term() > bestTerm) {
                found = n.id();
                bestTerm = n.term();
            }
        }
        return found;
    }

    /** Safety: no two nodes applied different entries at the same index. */
    void assertStateMachineSafety() {
        Map<Long, Long> termAt = new TreeMap<>();
        for (Map.Entry<String, TestApp> e : apps.entrySet()) {
            for (long[] id : e.getValue().appliedIds) {
                Long prev = termAt.putIfAbsent(id[0], id[1]);
                if (prev != null && prev != id[1]) {
                    throw new AssertionError("index " + id[0] + " applied with term " + prev + " and " + id[1]
                            + " (" + e.getKey() + ")");
                }
            }
        }
    }
}
