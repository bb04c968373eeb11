package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.codec.EntryCodec;
import io.tally.store.command.Command;
import io.tally.store.command.SessionCommand;
import io.tally.store.testing.Harness;
import io.tally.store.testing.Workload;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A batch applies like its commands one entry each (at the same log time): same answers, same state. */
class BatchProperties {

    @Provide
    Arbitrary<List<SessionCommand>> sessioned() {
        // clients 0 (no session) and 1..3; sequences drawn small so retries, stale and expired all occur
        return net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 3), Arbitraries.longs().between(1, 4), Workload.commands())
                .as((client, seq, command) -> new SessionCommand(client, client == 0 ? 0 : seq, command)).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void aBatchEqualsItsCommandsOneByOne(@ForAll("sessioned") List<SessionCommand> commands, @ForAll @IntRange(min = 1, max = 8) int batchSize) {
        Harness single = new Harness();
        List<ApplyOutput.Answer> expected = new ArrayList<>();
        for (SessionCommand c : commands) {
            expected.addAll(single.output(c.clientId(), c.sequence(), c.command()).answers());
        }
        Harness batched = new Harness();
        List<ApplyOutput.Answer> actual = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += batchSize) {
            List<SessionCommand> part = commands.subList(from, Math.min(commands.size(), from + batchSize));
            batched.index++;
            // through the entry codec, as the runtime would propose it
            ApplyOutput out = batched.machine.applyBytes(batched.index, batched.nowMs, 0, 0, EntryCodec.encodeBatch(part));
            batched.state.commit(batched.index, out.writes());
            actual.addAll(out.answers());
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(batched.state.sameContent(single.state)).isTrue();
    }

    @Property(tries = 200)
    void batchesRoundTripThroughTheEntryCodec(@ForAll("sessioned") List<SessionCommand> commands) {
        assertThat(EntryCodec.decode(EntryCodec.encodeBatch(commands))).isEqualTo(new EntryCodec.Payload.Batch(commands));
        Command first = commands.get(0).command();
        assertThat(EntryCodec.decode(io.tally.store.codec.CommandCodec.encode(first))).isEqualTo(new EntryCodec.Payload.Single(first));
    }
}
