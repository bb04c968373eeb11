package io.tally.sim.raft;

import java.util.EnumSet;
import java.util.Set;

/**
 * Parameters of a Raft simulation run (all times in simulated milliseconds).
 *
 * @param nodes cluster size (1..9)
 * @param faults fault families allowed; each is switched on or off per seed (swarm testing)
 * @param latencyMs base one-way network latency
 * @param tickMs how often each node's Raft core ticks
 * @param electionTimeoutMs Raft base election timeout (the core randomises in [base, 2*base))
 * @param heartbeatMs Raft heartbeat interval
 * @param clients concurrent clients
 * @param keys distinct keys the clients use
 * @param faultPhaseMs length of the phase with faults
 * @param healedPhaseMs length of the phase after every fault is healed
 * @param leaderBoundMs after healing, a leader must be elected within this
 * @param requestBoundMs after healing, every request must complete within this
 * @param readMode how nodes serve linearizable reads (ReadIndex, or leader leases)
 * @param compactEveryEntries each node snapshots and compacts its log every this many entries (0 = never,
 *     -1 = drawn from the seed)
 * @param workload the state machine and client operations ({@link KvWorkload} by default; the data layer's in
 *     {@code io.tally.sim.data.RaftDataWorkload})
 */
public record SimOptions(int nodes, Set<FaultKind> faults, long latencyMs, long tickMs, long electionTimeoutMs,
        long heartbeatMs, int clients, int keys, long faultPhaseMs, long healedPhaseMs, long leaderBoundMs,
        long requestBoundMs, io.tally.raft.ReadMode readMode, long compactEveryEntries, SimWorkload<?, ?, ?> workload) {

    public SimOptions {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("expected 1..9 nodes, got " + nodes);
        }
        if (clients < 1 || clients > 64 || keys < 1 || keys > 64) {
            throw new IllegalArgumentException("expected 1..64 clients and keys, got " + clients + " and " + keys);
        }
        if (latencyMs < 0 || tickMs < 1 || heartbeatMs < tickMs || electionTimeoutMs <= heartbeatMs) {
            throw new IllegalArgumentException("expected latencyMs >= 0, tickMs >= 1, heartbeatMs >= tickMs and "
                    + "electionTimeoutMs > heartbeatMs; got " + latencyMs + ", " + tickMs + ", " + heartbeatMs + ", "
                    + electionTimeoutMs);
        }
        if (faultPhaseMs < 0 || healedPhaseMs <= requestBoundMs || leaderBoundMs <= 0 || requestBoundMs <= 0) {
            throw new IllegalArgumentException("expected faultPhaseMs >= 0 and healedPhaseMs > requestBoundMs > 0, "
                    + "leaderBoundMs > 0; got " + faultPhaseMs + ", " + healedPhaseMs + ", " + requestBoundMs + ", "
                    + leaderBoundMs);
        }
        faults = Set.copyOf(faults);
        java.util.Objects.requireNonNull(readMode, "readMode");
        java.util.Objects.requireNonNull(workload, "workload");
    }

    /** Defaults: 5 nodes, every fault family, 10 ms latency, 10 s of faults then 10 s healed. */
    public static SimOptions defaults() {
        return new SimOptions(5, EnumSet.allOf(FaultKind.class), 10, 10, 200, 50, 4, 3, 10_000, 10_000, 5_000, 5_000,
                io.tally.raft.ReadMode.SAFE, -1, KvWorkload.INSTANCE);
    }

    public SimOptions withNodes(int n) {
        return new SimOptions(n, faults, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, readMode, compactEveryEntries, workload);
    }

    public SimOptions withFaults(Set<FaultKind> f) {
        return new SimOptions(nodes, f, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, readMode, compactEveryEntries, workload);
    }

    public SimOptions withLatencyMs(long l) {
        return new SimOptions(nodes, faults, l, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, readMode, compactEveryEntries, workload);
    }

    public SimOptions withPhasesMs(long faultMs, long healedMs) {
        return new SimOptions(nodes, faults, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultMs, healedMs, leaderBoundMs, requestBoundMs, readMode, compactEveryEntries, workload);
    }

    public SimOptions withCompactEveryEntries(long n) {
        return new SimOptions(nodes, faults, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, readMode, n, workload);
    }

    public SimOptions withReadMode(io.tally.raft.ReadMode mode) {
        return new SimOptions(nodes, faults, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, mode, compactEveryEntries, workload);
    }

    /** The same options running {@code w} (what a {@code --workload kv|counter|register|items} option selects). */
    public SimOptions withWorkload(SimWorkload<?, ?, ?> w) {
        return new SimOptions(nodes, faults, latencyMs, tickMs, electionTimeoutMs, heartbeatMs, clients, keys,
                faultPhaseMs, healedPhaseMs, leaderBoundMs, requestBoundMs, readMode, compactEveryEntries, w);
    }

    /** The command-line options that reproduce this configuration (for replay lines). */
    public String commandLine() {
        return "--nodes " + nodes + " --faults " + FaultKind.format(faults) + " --latency-ms " + latencyMs
                + (readMode == io.tally.raft.ReadMode.LEASE ? " --read-mode lease" : "")
                + (workload == KvWorkload.INSTANCE ? "" : " --workload " + workload.name());
    }
}
