package io.tally.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CPU accounting for a measured window, as the peers' scripts do it: this process's CPU time, the summed
 * user+system time of the server processes (from {@code /proc/<pid>/stat}), and the machine's busy time (from
 * {@code /proc/stat}), so a figure line can say how much of the 2 cores the client, the servers and everything else
 * used. Linux only for the last two (elsewhere they read as unknown). Units: nanoseconds; {@code /proc} ticks are
 * taken as 1/100 s. Any thread.
 */
public final class CpuMeter {
    /** Clock ticks per second of {@code /proc} figures (USER_HZ, 100 on Linux). */
    static final long TICKS_PER_S = 100;

    /** One reading; a field is -1 when unknown. */
    public record Sample(long wallNanos, long clientCpuNanos, long serverCpuNanos, long busyCpuNanos) {}

    private final List<Long> serverPids;
    private final Path proc;

    /** @param serverPids processes whose CPU counts as the servers' (empty: unknown) */
    public CpuMeter(List<Long> serverPids) {
        this(serverPids, Path.of("/proc"));
    }

    CpuMeter(List<Long> serverPids, Path proc) {
        this.serverPids = List.copyOf(serverPids);
        this.proc = proc;
    }

    /** Reads everything now. */
    public Sample sample() {
        long client = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long server = -1;
        if (!serverPids.isEmpty()) {
            server = 0;
            for (long pid : serverPids) {
                long t = processTicks(read(proc.resolve(Long.toString(pid)).resolve("stat")));
                server += Math.max(0, t); // a server that is gone counts as zero, like the peers' scripts
            }
            server *= 1_000_000_000L / TICKS_PER_S;
        }
        long busy = busyTicks(read(proc.resolve("stat")));
        return new Sample(System.nanoTime(), client, server, busy < 0 ? -1 : busy * (1_000_000_000L / TICKS_PER_S));
    }

    /** Cores used between two samples: client, server, other (each NaN when unknown). */
    public static double[] cores(Sample a, Sample b) {
        double secs = (b.wallNanos() - a.wallNanos()) / 1e9;
        double client = a.clientCpuNanos() < 0 || b.clientCpuNanos() < 0 ? Double.NaN : (b.clientCpuNanos() - a.clientCpuNanos()) / 1e9 / secs;
        double server = a.serverCpuNanos() < 0 || b.serverCpuNanos() < 0 ? Double.NaN : (b.serverCpuNanos() - a.serverCpuNanos()) / 1e9 / secs;
        double busy = a.busyCpuNanos() < 0 || b.busyCpuNanos() < 0 ? Double.NaN : (b.busyCpuNanos() - a.busyCpuNanos()) / 1e9 / secs;
        return new double[] {client, server, busy - client - server};
    }

    /**
     * utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line, in ticks; -1 when the text is null or
     * not such a line. The command name (field 2) may hold spaces and parentheses, so fields are counted after
     * its last ')'.
     */
    static long processTicks(String stat) {
        if (stat == null) {
            return -1;
        }
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3].
        if (f.length < 13) {
            return -1;
        }
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** user+nice+system+irq+softirq+steal ticks of the {@code cpu} line of {@code /proc/stat}; -1 when absent. */
    static long busyTicks(String procStat) {
        if (procStat == null) {
            return -1;
        }
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 9) {
                    return -1;
                }
                try {
                    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
