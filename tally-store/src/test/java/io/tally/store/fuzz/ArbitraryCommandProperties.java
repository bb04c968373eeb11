package io.tally.store.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.codec.CommandCodec;
import io.tally.store.command.Command;
import io.tally.store.command.Consistency;
import io.tally.store.command.Result;
import io.tally.store.state.ApplyOutput;
import io.tally.store.testing.Generators;
import io.tally.store.testing.Harness;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Any command, with any field values the codec can carry, applies to a result; no input makes the machine throw. */
class ArbitraryCommandProperties {

    @Provide
    Arbitrary<List<Command>> commands() {
        return Generators.command(Arbitraries.oneOf(Arbitraries.of("default", "x", "y"), Generators.text(8))).list().ofMaxSize(30);
    }

    @Property(tries = 500)
    void anyCommandIsAnsweredWithAResult(@ForAll("commands") List<Command> commands) {
        Harness h = new Harness();
        h.run(new Command.CreateKeyspace("x", Consistency.STRONG, 0));
        h.run(new Command.CreateKeyspace("y", Consistency.EVENTUAL, 3));
        for (Command c : commands) {
            Result r = h.run(c);
            assertThat(r).isNotNull();
        }
    }

    @Property(tries = 500)
    void flippedCommandBytesAreAnsweredToo(@ForAll("commands") List<Command> commands, @ForAll @IntRange(min = 0, max = 1000) int at,
            @ForAll byte mask) {
        Harness h = new Harness();
        for (Command c : commands) {
            byte[] bytes = CommandCodec.encode(c);
            bytes[at % bytes.length] ^= mask;
            h.index++;
            ApplyOutput out = h.machine.applyBytes(h.index, h.nowMs, 0, 0, bytes);
            h.state.commit(h.index, out.writes());
            assertThat(out.result()).isNotNull();
        }
    }
}
