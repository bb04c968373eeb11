package io.tally.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.sim.linearizability.KvOp;
import io.tally.sim.linearizability.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash loop's history sums acknowledged and unknown increments per key and saves a readable file. */
class HistoryTest {
    @TempDir
    Path tmp;

    private static History sample() {
        History h = new History();
        h.add(Operation.completed(0, "c0", new KvOp.Increment(2), new KvOp.Value(2), 0, 10));
        h.add(Operation.pending(1, "c0", new KvOp.Increment(5), 5));
        h.add(Operation.completed(1, "c0", new KvOp.Increment(3), new KvOp.Value(5), 20, 30));
        h.add(Operation.completed(2, "c1", new KvOp.Read(), new KvOp.Value(0), 1, 2));
        h.add(Operation.completed(2, "r0", new KvOp.Cas(0, 7), new KvOp.CasResult(true), 3, 4_500));
        return h;
    }

    @Test
    void acknowledgedAndUnknownIncrementsAreSummedPerKeyAndReadsAreNotWrites() {
        History h = sample();
        assertThat(h.ackedDeltaSums()).isEqualTo(Map.of("c0", 5L));
        assertThat(h.unknownDeltas()).isEqualTo(Map.of("c0", List.of(5L)));
        assertThat(h.completedWrites()).isEqualTo(3);
        assertThat(h.pending()).isEqualTo(1);
    }

    @Test
    void theSavedFileHasOneLinePerOperationInMillisecondsWithUnknownsMarked() throws Exception {
        Path file = tmp.resolve("sub").resolve("h.txt");
        sample().save(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(6);
        assertThat(lines).contains("0.005 ? client1 c0 Increment[delta=5] -> ?",
                "0.003 4.500 client2 r0 Cas[expected=0, update=7] -> CasResult[swapped=true]");
    }
}
