package io.tally.bench.storage;

import io.tally.storage.state.StateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * RocksDB apply throughput of counter increments: read the counter, write the new value and the applied
 * index in one WriteBatch (RocksDB WAL on, not synced per batch, as in production), over 1,000 counters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateApplyBenchmark {

    @Param({"false"})
    public boolean syncWrites;

    private Path dir;
    private StateStore store;
    private final byte[][] keys = new byte[1000][];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchDirs.create("tally-state-bench");
        store = StateStore.open(dir, syncWrites, true);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("counter/" + i).getBytes(StandardCharsets.UTF_8);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long applyCounterIncrement() throws Exception {
        byte[] key = keys[next++ % keys.length];
        long value = store.get(StateStore.Family.DATA, key).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L) + 1;
        long index = store.appliedIndex() + 1;
        store.apply(index, List.of(StateStore.Write.put(StateStore.Family.DATA, key, ByteBuffer.allocate(8).putLong(value).array())));
        return index;
    }
}
