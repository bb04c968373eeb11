package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tally sim raft} run in-process: output lines, trace hashes, replay commands and exit codes. */
class SimRaftCommandTest {

    /** Exit code and the lines printed to stdout and stderr by one in-process run. */
    record Run(int exit, List<String> out, String err) { }

    static synchronized Run tally(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text.isEmpty() ? List.of() : List.of(text.split("\\R")),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneSeedPrintsOkWithItsTraceHashAndTheSameHashTwice() {
        Run a = tally("sim", "raft", "--seed", "1", "--nodes", "3", "--faults", "crash,membership");
        Run b = tally("sim", "raft", "--seed", "1", "--nodes", "3", "--faults", "crash,membership");
        assertThat(a.exit()).isZero();
        assertThat(a.out()).hasSize(1);
        assertThat(a.out().get(0)).matches("seed 1: ok trace=[0-9a-f]{16}");
        assertThat(b.out()).isEqualTo(a.out());
        Run other = tally("sim", "raft", "--seed", "2", "--nodes", "3", "--faults", "crash,membership");
        assertThat(other.out().get(0)).startsWith("seed 2: ok trace=").isNotEqualTo(a.out().get(0));
    }

    @Test
    void theDataLayerWorkloadsRunUnderRaftAndAnUnknownOneIsRefused() {
        for (String workload : List.of("counter", "register", "items")) {
            Run r = tally("sim", "raft", "--seeds", "1..2", "--nodes", "3", "--faults", "all", "--workload", workload);
            assertThat(r.exit()).as(workload).isZero();
            assertThat(r.out()).as(workload).last().isEqualTo("raft sim: 2 seeds, 0 failed");
        }
        Run bad = tally("sim", "raft", "--seed", "1", "--workload", "queue");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("expected a data workload in [counter, register, items], got 'queue'");
    }

    @Test
    void aSeedRangeEndsWithTheSummaryLineAndExitsZero() {
        Run r = tally("sim", "raft", "--seeds", "1..4", "--nodes", "3", "--faults", "all");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).last().isEqualTo("raft sim: 4 seeds, 0 failed");
        assertThat(r.out()).hasSize(1);
    }

    @Test
    void aFailingSeedPrintsWhatWasViolatedAndTheReplayCommandAndExitsOne() {
        // A one-way latency of 1 s against a 200 ms election timeout: no election can finish, liveness fails.
        Run one = tally("sim", "raft", "--seed", "1", "--nodes", "3", "--faults", "none", "--latency-ms", "1000");
        assertThat(one.exit()).isEqualTo(1);
        assertThat(one.out().get(0)).startsWith("seed 1: FAILED liveness: no leader");
        assertThat(one.out()).contains("replay: tally sim raft --seed 1 --nodes 3 --faults none --latency-ms 1000");

        Run range = tally("sim", "raft", "--seeds", "1..2", "--nodes", "3", "--faults", "none", "--latency-ms", "1000");
        assertThat(range.exit()).isEqualTo(1);
        assertThat(range.out()).hasSize(3);
        assertThat(range.out().get(0)).startsWith("seed 1: FAILED")
                .endsWith("replay: tally sim raft --seed 1 --nodes 3 --faults none --latency-ms 1000");
        assertThat(range.out().get(1)).startsWith("seed 2: FAILED")
                .endsWith("replay: tally sim raft --seed 2 --nodes 3 --faults none --latency-ms 1000");
        assertThat(range.out().get(2)).isEqualTo("raft sim: 2 seeds, 2 failed");
    }

    @Test
    void badOptionsExitTwoWithAMessageThatSaysWhatWasExpected() {
        Run faults = tally("sim", "raft", "--seed", "1", "--faults", "meteor");
        assertThat(faults.exit()).isEqualTo(2);
        assertThat(faults.err()).contains("expected faults as a comma list").contains("membership").contains("meteor");

        Run nodes = tally("sim", "raft", "--seed", "1", "--nodes", "0");
        assertThat(nodes.exit()).isEqualTo(2);
        assertThat(nodes.err()).contains("expected 1..9 nodes, got 0");

        Run range = tally("sim", "raft", "--seeds", "9..3");
        assertThat(range.exit()).isEqualTo(2);
        assertThat(range.err()).contains("A <= B");

        Run both = tally("sim", "raft", "--seed", "1", "--seeds", "1..2");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either --seed or --seeds");

        Run mode = tally("sim", "raft", "--seed", "1", "--read-mode", "fast");
        assertThat(mode.exit()).isEqualTo(2);
        assertThat(mode.err()).contains("expected --read-mode safe or lease, got 'fast'");

        Run notANumber = tally("sim", "raft", "--nodes", "five");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--nodes");
        assertThat(notANumber.out()).isEmpty();
    }
}
