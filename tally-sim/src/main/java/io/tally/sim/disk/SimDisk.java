package io.tally.sim.disk;

import io.tally.raft.Configuration;
import io.tally.raft.Entry;
import io.tally.raft.HardState;
import io.tally.raft.Snapshot;
import io.tally.raft.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A simulated disk for one Raft node. Every write becomes a checksummed record in a volatile buffer
 * (what the process sees includes it at once); {@link #sync()} makes the buffer durable.
 * {@link #crash(Random, double)} models a power loss: the durable state survives, plus a random
 * in-order prefix of the buffered records, the last of which may be torn. {@link #recover()}
 * verifies checksums and stops at the first torn record, like a WAL's recovery. Called only by the
 * simulation thread.
 */
public final class SimDisk implements SimStorage {
    private sealed interface Write permits AppendOne, Truncate, SaveHardState, SaveSnapshot { }

    private record AppendOne(Entry entry) implements Write { }

    private record Truncate(long fromIndex) implements Write { }

    private record SaveHardState(HardState hardState) implements Write { }

    private record SaveSnapshot(Snapshot snapshot) implements Write { }

    private record Stored(Write write, long checksum) { }

    private final int bufferedRecordsMax;
    private LogImage durable;
    private LogImage live;
    private final List<Stored> buffered = new ArrayList<>();
    private long syncs;
    private long tornRecords;
    private long lostRecords;

    /**
     * @param initial the cluster's initial configuration (what a fresh disk recovers)
     * @param bufferedRecordsMax bound on unsynced records (a runtime that never syncs is a bug)
     */
    public SimDisk(Configuration initial, int bufferedRecordsMax) {
        this.bufferedRecordsMax = bufferedRecordsMax;
        this.durable = new LogImage(initial);
        this.live = new LogImage(initial);
    }

    @Override
    public RecoveredState recover() {
        return live.toRecovered();
    }

    @Override
    public long lastIndex() {
        return live.lastIndex();
    }

    @Override
    public void append(List<Entry> entries) {
        for (Entry e : entries) {
            live.append(e);
            buffer(new AppendOne(e));
        }
    }

    @Override
    public void truncateSuffix(long fromIndex) {
        live.truncateSuffix(fromIndex);
        buffer(new Truncate(fromIndex));
    }

    @Override
    public void saveHardState(HardState hardState) {
        live.saveHardState(hardState);
        buffer(new SaveHardState(hardState));
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        live.saveSnapshot(snapshot);
        buffer(new SaveSnapshot(snapshot));
    }

    @Override
    public void sync() {
        for (Stored s : buffered) {
            apply(durable, s.write());
        }
        buffered.clear();
        syncs++;
    }

    /**
     * Power loss: keeps the synced state plus the first {@code k} buffered records ({@code k} uniform
     * in [0, buffered]); with probability {@code tornProbability} the last kept record is torn
     * (written partially, so its checksum fails) and recovery drops it. Afterwards the disk holds
     * exactly what {@link #recover()} finds; returns a short description for the trace.
     */
    @Override
    public String crash(Random random, double tornProbability) {
        int keep = buffered.isEmpty() ? 0 : random.nextInt(buffered.size() + 1);
        boolean torn = keep > 0 && random.nextDouble() < tornProbability;
        List<Stored> onDisk = new ArrayList<>(buffered.subList(0, keep));
        if (torn) {
            Stored last = onDisk.get(keep - 1);
            onDisk.set(keep - 1, new Stored(last.write(), last.checksum() ^ (1L + random.nextInt(1 << 20))));
        }
        lostRecords += buffered.size() - keep;
        buffered.clear();
        int replayed = 0;
        for (Stored s : onDisk) {
            if (checksum(s.write()) != s.checksum()) {
                tornRecords++;
                lostRecords++;
                break; // a torn record ends the valid log
            }
            apply(durable, s.write());
            replayed++;
        }
        live = new LogImage(durable);
        return "kept " + replayed + " unsynced records" + (torn ? ", tore the last" : "");
    }

    /** Records written since the last sync. */
    public int bufferedRecords() {
        return buffered.size();
    }

    public long syncs() {
        return syncs;
    }

    public long tornRecords() {
        return tornRecords;
    }

    public long lostRecords() {
        return lostRecords;
    }

    /** What would survive a crash that loses every unsynced write. */
    public RecoveredState durableState() {
        return durable.toRecovered();
    }

    /** What the running process sees (synced or not). */
    @Override
    public LogImage live() {
        return live;
    }

    private void buffer(Write w) {
        if (buffered.size() >= bufferedRecordsMax) {
            throw new IllegalStateException("simulated disk: " + buffered.size()
                    + " unsynced records (max " + bufferedRecordsMax + "): the runtime is not syncing");
        }
        buffered.add(new Stored(w, checksum(w)));
    }

    private static void apply(LogImage target, Write w) {
        switch (w) {
            case AppendOne a -> target.append(a.entry());
            case Truncate t -> target.truncateSuffix(t.fromIndex());
            case SaveHardState h -> target.saveHardState(h.hardState());
            case SaveSnapshot s -> target.saveSnapshot(s.snapshot());
        }
    }

    /** A content checksum of a record (what a WAL's CRC protects). */
    static long checksum(Write w) {
        long h = 0x84222325cbf29ce4L;
        switch (w) {
            case AppendOne a -> {
                Entry e = a.entry();
                h = mix(h, 1);
                h = mix(h, e.index());
                h = mix(h, e.term());
                h = mix(h, e.type().ordinal());
                h = mix(h, e.clientId());
                h = mix(h, e.sequence());
                h = mix(h, e.logTimeMs());
                for (byte b : e.data()) {
                    h = mix(h, b);
                }
            }
            case Truncate t -> h = mix(mix(h, 2), t.fromIndex());
            case SaveHardState s -> {
                h = mix(mix(mix(h, 3), s.hardState().term()), s.hardState().commitIndex());
                String v = s.hardState().votedFor();
                h = mix(h, v == null ? -1 : v.hashCode());
            }
            case SaveSnapshot s -> {
                h = mix(mix(mix(h, 4), s.snapshot().index()), s.snapshot().term());
                for (byte b : s.snapshot().data()) {
                    h = mix(h, b);
                }
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        return io.tally.sim.kernel.SimRandom.mix64(h ^ v) + 0x9e3779b97f4a7c15L;
    }
}
