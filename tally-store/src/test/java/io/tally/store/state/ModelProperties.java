package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import io.tally.store.testing.Workload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Random command sequences give the same results from the state machine as from the plain reference model. */
class ModelProperties {

    @Provide
    Arbitrary<List<Command>> sequences() {
        return Workload.commands().list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 500)
    void theStateMachineAgreesWithTheReferenceModel(@ForAll("sequences") List<Command> log) {
        Harness h = new Harness();
        ReferenceModel model = new ReferenceModel();
        for (Command c : log) {
            Result expected = model.apply(c);
            Result actual = h.run(c);
            assertThat(ReferenceModel.comparable(actual)).as("%s", c).isEqualTo(expected);
            Statistics.label("outcome").collect(actual.getClass().getSimpleName()
                    + (actual instanceof Result.Error e ? " " + e.code() : ""));
        }
        TreeSet<String> referenced = new TreeSet<>();
        h.state.view(Family.CHUNK_REFS).keySet().forEach(k -> referenced.add(new String(k, StandardCharsets.UTF_8).substring(0, 64)));
        assertThat(referenced).isEqualTo(model.referencedChunks());
    }
}
