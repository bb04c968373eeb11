package io.tally.bench.raft;

import io.tally.raft.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Committed entries per second of the Raft core alone: three in-memory nodes in one thread, 16-byte commands
 * proposed in batches of {@code batch} (one AppendEntries carries up to 1 MiB). One operation = one committed entry.
 * Run: {@code java -jar tally-bench/target/benchmarks.jar RaftCoreBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RaftCoreBenchmark {
    private static final int OPS = 1024;

    /** Commands per proposeAll call; OPS entries are committed per invocation in OPS / batch rounds. */
    @Param({"1", "64", "1024"})
    public int batch;

    private ThreeNodePump pump;
    private List<Proposal> proposals;

    @Setup(Level.Trial)
    public void setUp() {
        pump = new ThreeNodePump(64, 1L << 20, 10_000);
        proposals = new ArrayList<>(batch);
        byte[] payload = new byte[16];
        for (int i = 0; i < batch; i++) {
            proposals.add(Proposal.of(payload));
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long commitEntries() {
        for (int done = 0; done < OPS; done += batch) {
            pump.commit(proposals);
        }
        return pump.leader().commitIndex();
    }
}
