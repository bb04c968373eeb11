package io.tally.bench.storage;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.wal.GroupCommitWal;
import io.tally.storage.wal.Wal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Group commit with fsync on: each JMH thread is one appender that waits for its 100-byte record to be
 * durable. Ops/s is records/s; the fsync count is printed at the end of each trial ("group commit:"
 * line) so records per fsync and fsyncs/s can be read off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GroupCommitBenchmark {

    private Path dir;
    private GroupCommitWal gc;
    private long startNanos;
    private final byte[] payload = new byte[100];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchDirs.create("tally-gc-bench");
        gc = new GroupCommitWal(Wal.open(new RealFileSystem(dir, true), "wal", Wal.Options.defaults()), 4096, 1024, "bench-storage");
        startNanos = System.nanoTime();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%ngroup commit: %d records, %d fsyncs in %.1f s = %.0f fsyncs/s, %.1f records per fsync%n",
                gc.entries(), gc.syncs(), seconds, gc.syncs() / seconds, gc.entries() / (double) Math.max(1, gc.syncs()));
        gc.close();
        BenchDirs.delete(dir);
    }

    private long appendOne() throws Exception {
        return gc.appendNext(1, payload).get(60, TimeUnit.SECONDS);
    }

    @Benchmark
    @Threads(1)
    public long appenders001() throws Exception {
        return appendOne();
    }

    @Benchmark
    @Threads(16)
    public long appenders016() throws Exception {
        return appendOne();
    }

    @Benchmark
    @Threads(256)
    public long appenders256() throws Exception {
        return appendOne();
    }
}
