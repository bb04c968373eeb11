package io.tally.bench.storage;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.wal.Wal;
import io.tally.storage.wal.WalRecord;
import java.nio.file.Path;
import java.util.List;
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

/**
 * WAL append throughput of 100-byte records with sync off: the record codec, the segment writes (one
 * write syscall per append) and segment rolling, without fsync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WalAppendBenchmark {

    private Path dir;
    private Wal wal;
    private final byte[] payload = new byte[100];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchDirs.create("tally-wal-bench");
        wal = Wal.open(new RealFileSystem(dir, false), "wal", Wal.Options.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        wal.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long append100BytesNoSync() throws Exception {
        long next = wal.lastIndex() + 1;
        wal.append(List.of(new WalRecord.Entry(next, 1, payload)));
        return next;
    }
}
