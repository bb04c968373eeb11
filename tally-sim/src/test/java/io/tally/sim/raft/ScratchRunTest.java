package io.tally.sim.raft;

import org.junit.jupiter.api.Test;

class ScratchRunTest {
    @Test
    void run() {
        for (String f : new String[] {"none", "network", "crash", "all"}) {
            long t0 = System.nanoTime();
            int failed = 0;
            for (long s = 1; s <= 100; s++) {
                SimResult r = new RaftSimulation(s, SimOptions.defaults().withFaults(FaultKind.parse(f))).run();
                if (!r.ok()) {
                    failed++;
                    if (failed <= 2) {
                        System.out.println(f + " " + r.summary() + "\n" + r.failure() + "\nplan: " + r.plan() + "\n"
                                + r.lastEvents().lines().skip(44).reduce("", (a, b) -> a + "\n" + b));
                    }
                }
                if (s == 1) {
                    System.out.println(f + " seed 1 events=" + r.events() + " ops=" + r.operations());
                }
            }
            System.out.println(f + ": failed " + failed + "/100 in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }
}
