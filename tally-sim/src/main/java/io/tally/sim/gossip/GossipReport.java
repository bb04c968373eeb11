package io.tally.sim.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code tally sim gossip} run. Times are simulated milliseconds; -1 means
 * "did not happen within the run's bound". Immutable.
 *
 * @param params what was run
 * @param msgsPerMemberPerSec datagrams sent per member per second in steady state (no faults)
 * @param bytesPerMemberPerSec datagram bytes sent per member per second in steady state
 * @param streamBytesPerMemberPerSec push-pull (TCP) bytes per member per second in steady state
 * @param broadcastReached members (other than its origin) one application broadcast reached
 * @param broadcastAllMs time for one application broadcast to reach every member
 * @param firstSuspectMs time from a crash until some member first suspects the crashed one
 * @param allDeadMs time from a crash until every live member has marked it dead
 * @param lifeguardOn false positives with Lifeguard (paused nodes, lossy links)
 * @param lifeguardOff the same run without Lifeguard
 * @param traceHash hash of every event of the load/broadcast/crash run (same seed, same hash)
 */
public record GossipReport(
        GossipSimParams params,
        double msgsPerMemberPerSec,
        double bytesPerMemberPerSec,
        double streamBytesPerMemberPerSec,
        int broadcastReached,
        long broadcastAllMs,
        long firstSuspectMs,
        long allDeadMs,
        FalsePositives lifeguardOn,
        FalsePositives lifeguardOff,
        String traceHash) {

    /**
     * What the false-positive run counted: dead declarations (one per observer and member) of
     * members that never crashed, split into healthy members and the paused ("slow") ones, and
     * suspicion episodes (member, incarnation) of healthy members.
     */
    public record FalsePositives(
            int slowNodes, long deadHealthy, long deadSlow, long suspectHealthy, long refutations, String traceHash) {
        /** Every false dead declaration. */
        public long deadTotal() {
            return deadHealthy + deadSlow;
        }
    }

    /** Broadcast time in protocol periods. */
    public double broadcastAllPeriods() {
        return periods(broadcastAllMs);
    }

    /** Broadcast time in gossip rounds ({@code gossipIntervalMs}). */
    public double broadcastAllRounds() {
        return broadcastAllMs < 0 ? -1 : (double) broadcastAllMs / params.swim(true).gossipIntervalMs();
    }

    /** First-suspicion time in protocol periods. */
    public double firstSuspectPeriods() {
        return periods(firstSuspectMs);
    }

    /** All-dead time in protocol periods. */
    public double allDeadPeriods() {
        return periods(allDeadMs);
    }

    private double periods(long ms) {
        return ms < 0 ? -1 : (double) ms / params.periodMs();
    }

    /** The report as text lines, for the command line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        GossipSimParams p = params;
        out.add(String.format(Locale.ROOT, "nodes=%d latency=%dms loss=%.3f seed=%d lifeguard=%s period=%dms",
                p.nodes(), p.latencyMs(), p.loss(), p.seed(), p.lifeguard() ? "on" : "off", p.periodMs()));
        out.add(String.format(Locale.ROOT, "load per member: %.2f msgs/s, %.0f bytes/s (UDP), %.0f bytes/s push-pull (TCP)",
                msgsPerMemberPerSec, bytesPerMemberPerSec, streamBytesPerMemberPerSec));
        out.add(String.format(Locale.ROOT,
                "broadcast reached %d of %d other members; every member in %s (%.2f periods, %.1f gossip rounds)",
                broadcastReached, p.nodes() - 1, ms(broadcastAllMs), broadcastAllPeriods(), broadcastAllRounds()));
        out.add(String.format(Locale.ROOT, "crash: first suspected after %s (%.2f periods), dead at every live member after %s (%.2f periods)",
                ms(firstSuspectMs), firstSuspectPeriods(), ms(allDeadMs), allDeadPeriods()));
        for (int i = 0; i < 2; i++) {
            FalsePositives f = i == 0 ? lifeguardOn : lifeguardOff;
            String mode = i == 0 ? "on " : "off";
            if (f != null) {
                out.add(String.format(Locale.ROOT,
                        "false positives, Lifeguard %s (%d paused nodes, %ds): %d dead declarations (%d of healthy, %d of paused), %d suspicion episodes of healthy, %d refutations",
                        mode, f.slowNodes(), p.falsePositiveRunMs() / 1000, f.deadTotal(), f.deadHealthy(), f.deadSlow(),
                        f.suspectHealthy(), f.refutations()));
            }
        }
        out.add("trace " + traceHash);
        return out;
    }

    private static String ms(long value) {
        return value < 0 ? "never" : value + " ms";
    }
}
