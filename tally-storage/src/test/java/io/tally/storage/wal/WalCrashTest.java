package io.tally.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.storage.fs.SimFileSystem;
import io.tally.storage.wal.WalTestSupport.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the real WAL on the simulated disk with random appends, truncations, hard-state writes,
 * compactions and snapshot installs, crashing at random points (unsynced bytes lost, last write torn),
 * and checks after every restart that the recovered log is exactly the state after some prefix of the
 * records written since the last acknowledged sync: nothing acknowledged lost, nothing invented.
 */
class WalCrashTest {

    private static final int SEEDS = Integer.getInteger("tally.sim.seeds", 200);

    @Test
    void recoveryAfterACrashKeepsEverythingSyncedAndOnlyAPrefixOfTheRest() throws Exception {
        long syncs = 0;
        long torn = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Run run = new Run(seed);
            run.go();
            syncs += run.syncs;
            torn += run.tornTails;
        }
        assertThat(syncs).as("the test must exercise syncs").isGreaterThan(SEEDS);
        assertThat(torn).as("the test must exercise torn tails").isGreaterThan(0);
    }

    private static final class Run {
        final int seed;
        final Random rnd;
        final SimFileSystem fs;
        final Wal.Options options;
        Wal wal;
        State current = State.empty();
        List<State> candidates = new ArrayList<>();
        long term = 1;
        long syncs;
        long tornTails;

        Run(int seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.fs = new SimFileSystem(new Random(seed * 7919L + 1));
            this.options = new Wal.Options(1024 + rnd.nextInt(3000), 400);
        }

        void go() throws Exception {
            wal = Wal.open(fs, "wal", options);
            candidates.add(current);
            for (int cycle = 0; cycle < 6; cycle++) {
                int steps = rnd.nextInt(120);
                for (int s = 0; s < steps; s++) {
                    step();
                }
                fs.crash();
                wal = Wal.open(fs, "wal", options);
                State recovered = WalTestSupport.stateOf(wal);
                if (wal.recovery().tornFile() != null) {
                    tornTails++;
                }
                boolean match = candidates.stream().anyMatch(c -> c.sameAs(recovered));
                assertThat(match).as("seed %d cycle %d: recovered %s is not one of the states since the last sync: %s",
                        seed, cycle, recovered, candidates).isTrue();
                current = recovered;
                candidates = new ArrayList<>(List.of(current));
                if (current.lastIndex() > 0 || current.compactTerm() > term) {
                    term = Math.max(term, Math.max(current.compactTerm(), current.entries().isEmpty() ? 0 : current.term(current.lastIndex())));
                }
            }
            wal.close();
        }

        private void record(State s) {
            current = s;
            candidates.add(s);
        }

        void step() throws Exception {
            int op = rnd.nextInt(100);
            if (op < 45) {
                int n = 1 + rnd.nextInt(5);
                List<WalRecord.Entry> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(WalTestSupport.entry(current.lastIndex() + 1 + i, term, rnd, 200));
                }
                wal.append(batch);
                for (WalRecord.Entry e : batch) {
                    record(current.append(e));
                }
            } else if (op < 55 && current.lastIndex() > current.compactIndex()) {
                long from = current.compactIndex() + 1 + rnd.nextInt((int) (current.lastIndex() - current.compactIndex()));
                wal.truncateFrom(from);
                record(current.truncate(from));
                term++;
            } else if (op < 65) {
                byte[] hs = new byte[rnd.nextInt(24)];
                rnd.nextBytes(hs);
                wal.setHardState(hs);
                record(current.hardState(hs));
            } else if (op < 70 && current.lastIndex() > current.compactIndex()) {
                long index = current.compactIndex() + 1 + rnd.nextInt((int) (current.lastIndex() - current.compactIndex()));
                long t = current.term(index);
                wal.compact(index, t);
                record(current.compact(index, t));
            } else if (op < 72) {
                long index = current.lastIndex() + rnd.nextInt(3);
                term++;
                if (index > current.compactIndex()) {
                    wal.compact(index, term);
                    record(current.compact(index, term));
                }
            } else {
                wal.sync();
                syncs++;
                candidates = new ArrayList<>(List.of(current));
            }
            assertThat(wal.lastIndex()).isEqualTo(current.lastIndex());
        }
    }
}
