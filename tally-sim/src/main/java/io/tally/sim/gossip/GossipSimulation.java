package io.tally.sim.gossip;

import io.tally.gossip.MemberEvent;
import io.tally.gossip.Message;
import io.tally.sim.kernel.SimRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The measured scenario of {@code tally sim gossip}. One run ({@link #run}) is two simulations:
 *
 * <ol>
 *   <li>Load, broadcast, crash: N nodes start knowing each other; after {@link #WARMUP_MS} the
 *       datagrams and bytes sent during {@link #LOAD_WINDOW_MS} give the steady per-member load;
 *       then node 1 broadcasts and we time its arrival at every member; then node 2 crashes and we
 *       time the first suspicion and the moment every live member has marked it dead.</li>
 *   <li>False positives, twice (Lifeguard on, then off, same seed): a share of the nodes keep
 *       pausing (as under GC or CPU starvation) on a lossy network; every dead declaration of a
 *       member that never crashed is a false positive.</li>
 * </ol>
 *
 * Pure and single-threaded: the same parameters always give the same report.
 */
public final class GossipSimulation {
    /** Time for the start-up announcements to settle before measuring. */
    public static final long WARMUP_MS = 10_000;
    /** Length of the steady-state load window. */
    public static final long LOAD_WINDOW_MS = 30_000;
    /** Bound on the wait for a broadcast to reach every member. */
    public static final long BROADCAST_BOUND_MS = 60_000;
    /** Bound on the wait for a crash to be marked dead everywhere. */
    public static final long DETECTION_BOUND_MS = 300_000;

    /** Longest pause of a slow node, in protocol periods (beyond the shortest suspicion timeouts). */
    public static final int PAUSE_PERIODS_MAX = 12;

    /** Longest extra handling delay of a message at a slow node, in protocol periods. */
    public static final int SLOW_DELAY_PERIODS = 2;

    private GossipSimulation() {}

    /** Runs every measurement; a false-positive run length of 0 skips the false-positive runs. */
    public static GossipReport run(GossipSimParams p) {
        Main main = runMain(p);
        GossipReport.FalsePositives on = null;
        GossipReport.FalsePositives off = null;
        if (p.falsePositiveRunMs() > 0) {
            on = falsePositives(p, true);
            off = falsePositives(p, false);
        }
        return new GossipReport(p, main.msgsPerSec, main.bytesPerSec, main.streamBytesPerSec, main.reached,
                main.broadcastMs,
                main.firstSuspectMs, main.allDeadMs, on, off, main.trace);
    }

    private record Main(double msgsPerSec, double bytesPerSec, double streamBytesPerSec, int reached, long broadcastMs,
            long firstSuspectMs, long allDeadMs, String trace) {}

    private static Main runMain(GossipSimParams p) {
        int n = p.nodes();
        int broadcaster = 1;
        int victim = 2;
        String victimId = GossipCluster.id(victim);
        BitSet delivered = new BitSet(n);
        BitSet markedDead = new BitSet(n);
        long[] firstSuspectAt = {-1};
        GossipCluster.Listener listener = new GossipCluster.Listener() {
            @Override
            public void onEvent(int observer, MemberEvent e) {
                if (!e.member().id().equals(victimId)) {
                    return;
                }
                switch (e.kind()) {
                    case SUSPECT -> {
                        if (firstSuspectAt[0] < 0) {
                            firstSuspectAt[0] = e.atMs();
                        }
                    }
                    case DEAD -> markedDead.set(observer);
                    case JOINED, ALIVE, LEFT, UPDATED, REAPED -> { }
                }
            }

            @Override
            public void onDelivered(int node, Message.UserBroadcast b) {
                delivered.set(node);
            }
        };
        GossipCluster c = new GossipCluster(n, p.swim(p.lifeguard()), p.network(), p.seed(), listener);
        c.scheduler().runUntil(WARMUP_MS);
        long[] before = totals(c);
        c.scheduler().runUntil(WARMUP_MS + LOAD_WINDOW_MS);
        long[] after = totals(c);
        double perMemberSecond = n * (LOAD_WINDOW_MS / 1000.0);

        long broadcastAt = c.scheduler().nowMs();
        c.broadcast(broadcaster, new byte[] {42});
        int others = n - 1;
        c.scheduler().runWhile(() -> delivered.cardinality() < others, broadcastAt + BROADCAST_BOUND_MS);
        long broadcastMs = delivered.cardinality() == others ? c.scheduler().nowMs() - broadcastAt : -1;

        long crashAt = c.scheduler().nowMs() + p.periodMs();
        c.scheduler().runUntil(crashAt);
        c.crash(victim);
        c.scheduler().runWhile(() -> markedDead.cardinality() < n - 1, crashAt + DETECTION_BOUND_MS);
        long allDeadMs = markedDead.cardinality() == n - 1 ? c.scheduler().nowMs() - crashAt : -1;
        long firstSuspectMs = firstSuspectAt[0] < 0 ? -1 : firstSuspectAt[0] - crashAt;
        return new Main(
                (after[0] - before[0]) / perMemberSecond,
                (after[1] - before[1]) / perMemberSecond,
                (after[2] - before[2]) / perMemberSecond,
                delivered.cardinality(), broadcastMs, firstSuspectMs, allDeadMs, c.scheduler().trace().hex());
    }

    /** Datagrams, datagram bytes and stream bytes sent so far by all nodes. */
    private static long[] totals(GossipCluster c) {
        long[] t = new long[3];
        for (int i = 0; i < c.size(); i++) {
            t[0] += c.node(i).metrics().datagramsSent();
            t[1] += c.node(i).metrics().datagramBytesSent();
            t[2] += c.node(i).metrics().streamBytesSent();
        }
        return t;
    }

    /**
     * The false-positive run: {@code slowFraction} of the nodes (rounded) are slow from the end
     * of the warm-up to the end of the run: they handle each received message up to {@link
     * #SLOW_DELAY_PERIODS} periods late, and alternate between running for 1 to 4 periods and
     * pausing for 1 to {@link #PAUSE_PERIODS_MAX} periods. Nothing crashes, so every dead
     * declaration is false; each (member, incarnation) declared dead counts once.
     */
    public static GossipReport.FalsePositives falsePositives(GossipSimParams p, boolean lifeguard) {
        int n = p.nodes();
        int slowCount = (int) Math.round(n * p.slowFraction());
        Random faults = new SimRandom(p.seed()).stream("pauses");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, faults);
        BitSet slow = new BitSet(n);
        for (int i = 0; i < slowCount; i++) {
            slow.set(order.get(i));
        }
        long[] counts = new long[3];
        java.util.Set<String> episodes = new java.util.TreeSet<>();
        GossipCluster.Listener listener = (observer, e) -> {
            int member = GossipCluster.index(e.member().id());
            switch (e.kind()) {
                case DEAD -> {
                    if (episodes.add("dead " + e.member().id() + "@" + e.member().incarnation())) {
                        counts[slow.get(member) ? 1 : 0]++;
                    }
                }
                case SUSPECT -> {
                    if (!slow.get(member) && episodes.add("suspect " + e.member().id() + "@" + e.member().incarnation())) {
                        counts[2]++;
                    }
                }
                case JOINED, ALIVE, LEFT, UPDATED, REAPED -> { }
            }
        };
        GossipCluster c = new GossipCluster(n, p.swim(lifeguard), p.network(), p.seed(), listener);
        long endMs = WARMUP_MS + p.falsePositiveRunMs();
        long period = p.periodMs();
        for (int i = slow.nextSetBit(0); i >= 0; i = slow.nextSetBit(i + 1)) {
            int node = i;
            c.scheduler().at(WARMUP_MS, "overload " + node, () -> c.setInboundDelay(node, SLOW_DELAY_PERIODS * period));
            c.scheduler().at(endMs, "recover " + node, () -> c.setInboundDelay(node, 0));
            long t = WARMUP_MS + SimRandom.between(faults, 0, 4 * period);
            while (t < endMs) {
                long pauseMs = SimRandom.between(faults, period, PAUSE_PERIODS_MAX * period);
                long resumeAt = Math.min(endMs, t + pauseMs);
                c.scheduler().at(t, "pause " + node, () -> c.pause(node));
                c.scheduler().at(resumeAt, "resume " + node, () -> c.resume(node));
                t = resumeAt + SimRandom.between(faults, period, 4 * period);
            }
        }
        c.scheduler().runUntil(endMs);
        long refutations = 0;
        for (int i = 0; i < n; i++) {
            refutations += c.node(i).metrics().refutations();
        }
        return new GossipReport.FalsePositives(slowCount, counts[0], counts[1], counts[2], refutations,
                c.scheduler().trace().hex());
    }
}
