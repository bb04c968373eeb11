package io.tally.sim.disk;

import io.tally.raft.storage.RaftStorage;
import java.util.Random;

/**
 * A simulated node's durable storage: Raft's {@link RaftStorage} plus what the simulator needs — power loss and a
 * view of what the running process sees. Two kinds: {@link SimDisk} (record-level model) and {@link WalDisk} (the
 * real write-ahead log of tally-storage on a simulated file system). Simulation thread only.
 */
public interface SimStorage extends RaftStorage {

    /**
     * Power loss: what was not synced may be lost, the last write may be torn; afterwards {@link #recover()} returns
     * what the disk holds. {@code random} is the run's fault stream; returns a short description for the trace.
     */
    String crash(Random random, double tornProbability);

    /** What the running process sees (synced or not), for the safety checks. */
    LogImage live();
}
