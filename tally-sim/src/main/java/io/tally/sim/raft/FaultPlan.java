package io.tally.sim.raft;

import io.tally.sim.kernel.NetworkConfig;
import io.tally.sim.kernel.SimRandom;
import java.util.Arrays;
import java.util.Random;

/**
 * The fault parameters of one run, drawn from its seed (swarm testing: each allowed fault is on or
 * off, and its intensity varies, per seed). A rate of 0 means that fault is off.
 *
 * @param network message timing and faults during the fault phase
 * @param partitionEveryMs mean time between partition changes
 * @param partitionMaxMs longest a partition lasts
 * @param crashEveryMs mean time between crashes
 * @param downMaxMs longest a crashed node stays down
 * @param tornProbability chance a crash tears the last record that reached the disk
 * @param syncLatencyMs per node, how long a sync takes
 * @param pauseEveryMs mean time between pauses
 * @param pauseMaxMs longest pause
 * @param clockRate per node, how fast its clock runs (1.0 = true time; 1.02 = 2% fast)
 * @param compactEveryEntries nodes snapshot and compact their log every this many entries (0 = never);
 *     not a fault, but drawn per seed so InstallSnapshot and recovery from snapshots get exercised
 * @param membershipEveryMs mean time between membership changes or leadership transfers (0 = none, and then the
 *     run has no spare nodes)
 * @param walSegmentBytes 0: nodes persist through the record-level {@link io.tally.sim.disk.SimDisk}; otherwise
 *     through the real WAL ({@link io.tally.sim.disk.WalDisk}) with segments of this many bytes
 */
public record FaultPlan(NetworkConfig network, long partitionEveryMs, long partitionMaxMs, long crashEveryMs,
        long downMaxMs, double tornProbability, long[] syncLatencyMs, long pauseEveryMs, long pauseMaxMs, double[] clockRate, long compactEveryEntries,
        long membershipEveryMs, long walSegmentBytes) {

    /** Spare nodes (outside the initial configuration) in a run with membership changes. */
    public static final int SPARES = 2;

    private static final double SWARM_ON = 0.7;

    /** Draws a plan for {@code options} from {@code random} (the run's "plan" stream). */
    public static FaultPlan draw(Random random, SimOptions options) {
        long lat = options.latencyMs();
        boolean net = options.faults().contains(FaultKind.NETWORK);
        long jitter = net && on(random) ? SimRandom.between(random, 0, 2 * lat + 5) : lat / 5;
        double loss = net && on(random) ? 0.01 + random.nextDouble() * 0.29 : 0;
        double dup = net && on(random) ? 0.01 + random.nextDouble() * 0.19 : 0;
        double reorder = net && on(random) ? 0.01 + random.nextDouble() * 0.29 : 0;
        long reorderDelay = reorder > 0 ? SimRandom.between(random, 10, 300) : 0;
        NetworkConfig nc = new NetworkConfig(lat, jitter, loss, dup, reorder, reorderDelay);

        boolean part = options.faults().contains(FaultKind.PARTITION) && on(random);
        long partEvery = part ? SimRandom.between(random, 200, 3_000) : 0;
        long partMax = part ? SimRandom.between(random, 100, 3_000) : 0;

        boolean crash = options.faults().contains(FaultKind.CRASH) && on(random);
        long crashEvery = crash ? SimRandom.between(random, 300, 4_000) : 0;
        long downMax = crash ? SimRandom.between(random, 50, 3_000) : 0;
        double torn = crash ? random.nextDouble() : 0;

        boolean disk = options.faults().contains(FaultKind.DISK) && on(random);
        long[] sync = new long[options.nodes()];
        for (int i = 0; i < sync.length; i++) {
            sync[i] = disk && random.nextBoolean() ? SimRandom.between(random, 1, 60) : 0;
        }

        boolean pause = options.faults().contains(FaultKind.PAUSE) && on(random);
        long pauseEvery = pause ? SimRandom.between(random, 300, 4_000) : 0;
        long pauseMax = pause ? SimRandom.between(random, 50, 2_000) : 0;
        boolean clock = options.faults().contains(FaultKind.CLOCK) && on(random);
        double[] rate = new double[options.nodes()];
        double driftMax = clock ? 0.002 + random.nextDouble() * 0.018 : 0;
        for (int i = 0; i < rate.length; i++) {
            rate[i] = clock ? 1 + (random.nextDouble() * 2 - 1) * driftMax : 1;
        }
        long compact = options.compactEveryEntries() >= 0 ? options.compactEveryEntries()
                : random.nextBoolean() ? SimRandom.between(random, 5, 200) : 0;
        // Drawn after everything above so that adding it kept the earlier parameters of every seed.
        boolean member = options.faults().contains(FaultKind.MEMBERSHIP) && on(random);
        long memberEvery = member ? SimRandom.between(random, 200, 2_000) : 0;
        // The disk kind is not a fault: every mix draws it, half the seeds run the real WAL.
        long walSegment = random.nextBoolean() ? SimRandom.between(random, 4 << 10, 256 << 10) : 0;
        return new FaultPlan(nc, partEvery, partMax, crashEvery, downMax, torn, sync, pauseEvery, pauseMax, rate, compact,
                memberEvery, walSegment);
    }

    private String rates() {
        StringBuilder sb = new StringBuilder("[");
        for (double r : clockRate) {
            sb.append(sb.length() > 1 ? ", " : "").append(String.format(java.util.Locale.ROOT, "%.4f", r));
        }
        return sb.append(']').toString();
    }

    /** Nodes in the run: the initial voters plus {@link #SPARES} when membership changes are on. */
    public int totalNodes(int initialVoters) {
        return initialVoters + (membershipEveryMs > 0 ? SPARES : 0);
    }

    private static boolean on(Random random) {
        return random.nextDouble() < SWARM_ON;
    }

    /** A one-line description for failure reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "latency %d+%d ms, loss %.3f, dup %.3f, reorder %.3f (+%d ms); partitions every %d ms (max %d); "
                        + "crashes every %d ms (down max %d, torn %.2f); sync ms %s; pauses every %d ms (max %d); "
                        + "clock rates %s; snapshot every %d entries; membership changes every %d ms; disk %s",
                network.latencyMs(), network.jitterMs(), network.lossProbability(), network.duplicateProbability(),
                network.reorderProbability(), network.reorderDelayMs(), partitionEveryMs, partitionMaxMs,
                crashEveryMs, downMaxMs, tornProbability, Arrays.toString(syncLatencyMs), pauseEveryMs, pauseMaxMs,
                rates(), compactEveryEntries, membershipEveryMs,
                walSegmentBytes > 0 ? "wal (segments of " + walSegmentBytes + " bytes)" : "records");
    }
}
