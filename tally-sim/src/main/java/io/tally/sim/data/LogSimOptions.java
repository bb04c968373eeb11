package io.tally.sim.data;

/**
 * Knobs of a {@link LogSimulation} run. Times in simulated ms.
 *
 * @param replicas             nodes applying the log
 * @param clients              concurrent clients, each with its own session
 * @param opsPerClient         operations each client completes
 * @param faultPhaseMs         until then messages are lost with {@code lossProbability} and replicas crash
 * @param endMs                hard end of the run; an operation still open then is a failure
 * @param lossProbability      chance a message is lost during the fault phase
 * @param crashEveryMs         mean time between replica crashes in the fault phase (0 = none)
 * @param requestTimeoutMs     a client resends (same session sequence) after this long without an answer
 * @param snapshotEveryEntries a replica snapshots its state every this many applied entries
 * @param sessions             false disables client sessions (retries become new commands): a deliberately
 *                             broken setup, for showing the checker catches double-applied retries
 */
public record LogSimOptions(int replicas, int clients, int opsPerClient, long faultPhaseMs, long endMs, double lossProbability,
        long crashEveryMs, long requestTimeoutMs, long snapshotEveryEntries, boolean sessions) {

    public LogSimOptions {
        if (replicas < 1 || clients < 1 || opsPerClient < 1 || endMs <= faultPhaseMs || lossProbability < 0 || lossProbability >= 1
                || requestTimeoutMs < 1 || snapshotEveryEntries < 1) {
            throw new IllegalArgumentException("expected replicas, clients, ops >= 1, endMs > faultPhaseMs, loss in [0, 1), "
                    + "timeout and snapshot interval >= 1, got " + this);
        }
    }

    /** 3 replicas, 4 clients of 40 operations, 10% loss and crashes for the first 2 s, sessions on. */
    public static LogSimOptions defaults() {
        return new LogSimOptions(3, 4, 40, 2_000, 60_000, 0.1, 150, 40, 16, true);
    }

    public LogSimOptions withSessions(boolean on) {
        return new LogSimOptions(replicas, clients, opsPerClient, faultPhaseMs, endMs, lossProbability, crashEveryMs, requestTimeoutMs,
                snapshotEveryEntries, on);
    }
}
