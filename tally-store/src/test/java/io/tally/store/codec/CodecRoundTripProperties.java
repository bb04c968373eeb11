package io.tally.store.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.command.Result;
import io.tally.store.testing.Generators;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodecRoundTripProperties {

    @Provide
    Arbitrary<Command> commands() {
        return Generators.command();
    }

    @Provide
    Arbitrary<Result> results() {
        return Generators.result();
    }

    @Property(tries = 2000)
    void everyCommandDecodesToItself(@ForAll("commands") Command command) {
        assertThat(CommandCodec.decode(CommandCodec.encode(command))).isEqualTo(command);
    }

    @Property(tries = 2000)
    void everyResultDecodesToItself(@ForAll("results") Result result) {
        assertThat(ResultCodec.decode(ResultCodec.encode(result))).isEqualTo(result);
    }

    @Property(tries = 300)
    void encodingIsDeterministic(@ForAll("commands") Command command) {
        assertThat(CommandCodec.encode(command)).isEqualTo(CommandCodec.encode(command));
    }
}
