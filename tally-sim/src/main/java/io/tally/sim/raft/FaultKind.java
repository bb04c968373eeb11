package io.tally.sim.raft;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Families of faults a simulation run may inject (each then switched on or off per seed). */
public enum FaultKind {
    /** Message loss, duplication, reordering and extra jitter. */
    NETWORK,
    /** One-way and two-way partitions, isolation of the leader, healing. */
    PARTITION,
    /** Node crash and restart: unsynced writes lost, the last one possibly torn. */
    CRASH,
    /** Slow disks: syncs that take tens of milliseconds. */
    DISK,
    /** Process pauses (like a long GC pause). */
    PAUSE,
    /** Clock drift: each node's clock runs up to 2% fast or slow (its ticks come early or late). */
    CLOCK,
    /**
     * Membership changes on the leader (add and remove voters and learners, promote learners; voter changes run
     * joint consensus, sometimes with the leader crashing mid-change) and leadership transfers. Two spare nodes
     * start outside the cluster.
     */
    MEMBERSHIP;

    /**
     * Parses a comma list of {@code none}, {@code all}, {@code network} (loss, duplication,
     * reordering and partitions), {@code partition}, {@code crash}, {@code disk}, {@code pause},
     * {@code clock}, {@code membership}.
     */
    public static Set<FaultKind> parse(String text) {
        EnumSet<FaultKind> out = EnumSet.noneOf(FaultKind.class);
        for (String raw : text.split(",")) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            switch (p) {
                case "none" -> { }
                case "all" -> out.addAll(EnumSet.allOf(FaultKind.class));
                case "network" -> {
                    out.add(NETWORK);
                    out.add(PARTITION);
                }
                case "partition" -> out.add(PARTITION);
                case "crash" -> out.add(CRASH);
                case "disk" -> out.add(DISK);
                case "pause" -> out.add(PAUSE);
                case "clock" -> out.add(CLOCK);
                case "membership" -> out.add(MEMBERSHIP);
                default -> throw new IllegalArgumentException("expected faults as a comma list of none, all, network, "
                        + "partition, crash, disk, pause, clock, membership; got '" + raw + "'");
            }
        }
        return out;
    }

    /** The canonical text of a set, accepted by {@link #parse}. */
    public static String format(Set<FaultKind> kinds) {
        if (kinds.isEmpty()) {
            return "none";
        }
        if (kinds.containsAll(EnumSet.allOf(FaultKind.class))) {
            return "all";
        }
        StringBuilder sb = new StringBuilder();
        for (FaultKind k : EnumSet.copyOf(kinds)) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(k.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
