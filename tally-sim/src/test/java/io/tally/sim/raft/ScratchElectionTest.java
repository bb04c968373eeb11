package io.tally.sim.raft;

import org.junit.jupiter.api.Test;

class ScratchElectionTest {
    @Test
    void run() {
        for (long min : new long[] {12, 25, 50, 100, 150}) {
            for (boolean pv : new boolean[] {false, true}) {
                long t0 = System.nanoTime();
                var p = new ElectionExperiment.Params(5, 300, min, 2 * min, 15, pv, Math.max(1, min / 3));
                var r = new ElectionExperiment(1, p).run();
                System.out.println(min + "-" + 2 * min + " pv=" + pv + " p50=" + r.percentile(50) + " p90=" + r.percentile(90)
                        + " p99=" + r.percentile(99) + " max=" + r.max() + " unfinished=" + r.unfinished() + " in "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
            }
        }
    }
}
