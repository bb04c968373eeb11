package io.tally.sim.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.raft.Entry;
import io.tally.raft.session.SessionTable;
import io.tally.sim.linearizability.Model;
import io.tally.sim.raft.FaultKind;
import io.tally.sim.raft.RaftSimRunner;
import io.tally.sim.raft.RaftSimulation;
import io.tally.sim.raft.SimOptions;
import io.tally.sim.raft.SimResult;
import io.tally.sim.raft.SimStateMachine;
import io.tally.sim.raft.SimWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data layer's state machine under the real Raft simulation (crashes with the WAL, partitions, membership
 * changes, pauses, slow disks): every check after every event and at the end passes for the counter, register
 * and items workloads, retried writes count once thanks to the sessions, and without sessions the checker catches
 * the doubled increment. Seeds per mix: {@code tally.sim.seeds / 10} (20 in CI, 500 under {@code -Psoak}).
 */
class DataUnderRaftTest {
    private static final int SEEDS = Math.max(1, Integer.getInteger("tally.sim.seeds", 200) / 10);

    /** A mix is {@code workload:faults[/lease][@nodes]} (5 nodes and ReadIndex unless given). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"counter:all", "register:all", "items:all", "counter:crash,partition,membership@3",
        "register:crash,disk,membership@3", "items:network,pause", "register:all/lease"})
    void everySeedPassesEveryCheck(String mix) {
        String[] parts = mix.split(":");
        String[] sized = parts[1].split("@");
        String[] leased = sized[0].split("/");
        SimOptions options = SimOptions.defaults().withFaults(FaultKind.parse(leased[0]))
                .withWorkload(RaftDataWorkload.named(parts[0]));
        if (leased.length > 1) {
            options = options.withReadMode(io.tally.raft.ReadMode.LEASE);
        }
        if (sized.length > 1) {
            options = options.withNodes(Integer.parseInt(sized[1]));
        }
        List<String> failed = new ArrayList<>();
        RaftSimRunner.runSeeds(new RaftSimRunner.SeedRange(1, SEEDS), options, false, line -> {
            if (!line.startsWith("raft sim:")) {
                failed.add(line);
            }
        });
        assertThat(failed).as("failing seeds of " + mix).isEmpty();
    }

    /** The same seeds with and without the data layer's sessions: retries reach the log twice and count once. */
    @Test
    void retriedIncrementsCountOnceWithSessionsAndTwiceWithout() {
        SimOptions network = SimOptions.defaults().withFaults(FaultKind.parse("network"));
        AtomicLong duplicates = new AtomicLong();
        int caught = 0;
        for (long seed = 1; seed <= 10; seed++) {
            SimResult with = new RaftSimulation(seed, network.withWorkload(
                    new CountingDuplicates<>(RaftDataWorkload.of(new CounterWorkload()), duplicates))).run();
            assertThat(with.ok()).as(with.summary()).isTrue();
            SimResult without = new RaftSimulation(seed,
                    network.withWorkload(RaftDataWorkload.of(new CounterWorkload()).withoutSessions())).run();
            if (!without.ok()) {
                assertThat(without.failure()).as(without.summary()).startsWith("linearizability: key c");
                caught++;
            }
        }
        assertThat(duplicates.get()).as("retried writes the sessions absorbed").isPositive();
        assertThat(caught).as("seeds whose doubled increments the checker caught").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aDataRunIsReproducibleFromItsSeed() {
        SimOptions o = SimOptions.defaults().withWorkload(RaftDataWorkload.named("register"));
        SimResult a = new RaftSimulation(6, o).run();
        SimResult b = new RaftSimulation(6, o).run();
        assertThat(a.ok()).as(a.summary()).isTrue();
        assertThat(b.trace()).isEqualTo(a.trace());
        assertThat(b.events()).isEqualTo(a.events());
        assertThat(o.commandLine()).endsWith("--workload register");
    }

    @Test
    void unknownWorkloadNamesAreRejectedWithTheChoices() {
        assertThatThrownBy(() -> RaftDataWorkload.named("queue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[counter, register, items]").hasMessageContaining("'queue'");
    }

    /** A workload that counts the duplicate outcomes its state machines report (the first node to apply each). */
    private record CountingDuplicates<S, I, O>(SimWorkload<S, I, O> inner, AtomicLong duplicates)
            implements SimWorkload<S, I, O> {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public SimStateMachine<I, O> newStateMachine(long sessionTimeoutMs, int sessionsMax) {
            SimStateMachine<I, O> sm = inner.newStateMachine(sessionTimeoutMs, sessionsMax);
            return new SimStateMachine<>() {
                @Override
                public Applied apply(Entry e) {
                    Applied a = sm.apply(e);
                    if (a != null && a.outcome() instanceof SessionTable.Outcome.Duplicate) {
                        duplicates.incrementAndGet();
                    }
                    return a;
                }

                @Override
                public long appliedIndex() {
                    return sm.appliedIndex();
                }

                @Override
                public long stateHash() {
                    return sm.stateHash();
                }

                @Override
                public byte[] snapshot() {
                    return sm.snapshot();
                }

                @Override
                public void restore(long index, byte[] data) {
                    sm.restore(index, data);
                }

                @Override
                public boolean isRead(I op) {
                    return sm.isRead(op);
                }

                @Override
                public O read(String key, I op) {
                    return sm.read(key, op);
                }

                @Override
                public byte[] encode(String key, I op) {
                    return sm.encode(key, op);
                }

                @Override
                public O output(I op, byte[] response) {
                    return sm.output(op, response);
                }
            };
        }

        @Override
        public Invocation<I> next(Random random, List<String> keys, Map<String, Long> lastVersions) {
            return inner.next(random, keys, lastVersions);
        }

        @Override
        public boolean isRead(I op) {
            return inner.isRead(op);
        }

        @Override
        public void observe(I op, O output, Map<String, Long> lastVersions) {
            inner.observe(op, output, lastVersions);
        }

        @Override
        public Model<S, I, O> model() {
            return inner.model();
        }
    }
}
