package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.store.command.Command;
import io.tally.store.testing.Harness;
import io.tally.store.testing.Workload;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeterminismProperties {

    @Provide
    Arbitrary<List<Command>> sequences() {
        return Workload.commands().list().ofMaxSize(60);
    }

    /** Two replicas applying the same log produce the same results, the same write lists and the same state. */
    @Property(tries = 300)
    void theSameLogGivesTheSameWritesAndResults(@ForAll("sequences") List<Command> log) {
        Harness a = new Harness();
        Harness b = new Harness();
        for (int i = 0; i < log.size(); i++) {
            long client = i % 3;
            ApplyOutput oa = a.output(client, client == 0 ? 0 : i / 3 + 1, log.get(i));
            ApplyOutput ob = b.output(client, client == 0 ? 0 : i / 3 + 1, log.get(i));
            assertThat(ob).isEqualTo(oa);
            a.nowMs += 7;
            b.nowMs += 7;
        }
        assertThat(a.state.sameContent(b.state)).isTrue();
    }

    /** A replica restored from a snapshot taken midway ends in the same state as one that applied everything. */
    @Property(tries = 200)
    void aSnapshotThenTheRestGivesTheSameState(@ForAll("sequences") List<Command> log) {
        Harness whole = new Harness();
        Harness first = new Harness();
        int cut = log.size() / 2;
        for (int i = 0; i < log.size(); i++) {
            whole.run(log.get(i));
            if (i < cut) {
                first.run(log.get(i));
            }
        }
        Harness rest = new Harness(first.state.copy(), Harness.SESSIONS_MAX);
        for (int i = cut; i < log.size(); i++) {
            rest.run(log.get(i));
        }
        assertThat(rest.state.sameContent(whole.state)).isTrue();
    }

    @Test
    void applyingAnAppliedEntryAgainFailsLoudly() {
        Harness h = new Harness();
        Command inc = new Command.CounterIncrement("default", "c", 1);
        h.run(inc);
        h.run(inc);
        assertThatThrownBy(() -> h.machine.apply(2, h.nowMs, inc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 2 is already applied (applied index 2)");
        assertThatThrownBy(() -> h.state.commit(2, List.of())).isInstanceOf(IllegalStateException.class);
        // a machine started on the committed state knows the applied index too
        DataStateMachine restarted = new DataStateMachine(h.state, Harness.SESSION_TIMEOUT_MS, Harness.SESSIONS_MAX);
        assertThatThrownBy(() -> restarted.apply(1, h.nowMs, inc)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void applyingBeforeThePreviousOutputIsCommittedFailsLoudly() {
        Harness h = new Harness();
        Command inc = new Command.CounterIncrement("default", "c", 1);
        h.machine.apply(1, h.nowMs, inc);
        assertThatThrownBy(() -> h.machine.apply(2, h.nowMs, inc)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entry 1 was applied but its writes are not committed");
    }
}
