package io.tally.store.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.store.command.Command;
import io.tally.store.command.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch of commands encoded beforehand is byte for byte the batch of the same commands encoded here. */
class EntryCodecEncodedBatchTest {

    @Test
    void aBatchOfEncodedCommandsEqualsTheBatchOfTheCommandsAndDecodesBack() {
        List<SessionCommand> commands = List.of(
                new SessionCommand(0, 0, new Command.CounterIncrement("default", "a", 5)),
                new SessionCommand(-7, 3, new Command.CounterIncrement("default", "b", -2)),
                new SessionCommand(42, 1, new Command.CounterRead("default", "a")));
        List<EntryCodec.Encoded> encoded = new ArrayList<>();
        for (SessionCommand c : commands) {
            encoded.add(new EntryCodec.Encoded(c.clientId(), c.sequence(), CommandCodec.encode(c.command())));
        }
        byte[] bytes = EntryCodec.encodeBatchOf(encoded);
        assertThat(bytes).isEqualTo(EntryCodec.encodeBatch(commands));
        assertThat(EntryCodec.decode(bytes)).isEqualTo(new EntryCodec.Payload.Batch(commands));
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThatThrownBy(() -> EntryCodec.encodeBatchOf(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 1..");
    }
}
