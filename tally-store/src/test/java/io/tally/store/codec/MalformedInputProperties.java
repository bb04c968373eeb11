package io.tally.store.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.store.command.Command;
import io.tally.store.command.Result;
import io.tally.store.testing.Generators;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Decoding fails on bad input only with CodecException, and never allocates what a length field claims. */
class MalformedInputProperties {

    @Provide
    Arbitrary<Command> commands() {
        return Generators.command();
    }

    @Provide
    Arbitrary<Result> results() {
        return Generators.result();
    }

    @Property(tries = 3000)
    void garbageDecodesOrFailsWithCodecExceptionOnly(@ForAll @Size(max = 64) byte[] garbage) {
        byte[] versioned = garbage.length > 0 ? garbage.clone() : garbage;
        if (versioned.length > 0) {
            versioned[0] = 1; // past the version byte, so the field decoders are exercised
        }
        for (byte[] input : new byte[][] {garbage, versioned}) {
            decodeCommandOrCodecException(input);
            decodeResultOrCodecException(input);
            try {
                EntryCodec.decode(input);
            } catch (CodecException expected) {
                // the one declared failure
            }
        }
        if (garbage.length > 0) {
            byte[] batch = garbage.clone();
            batch[0] = (byte) EntryCodec.BATCH_FORMAT;
            try {
                EntryCodec.decode(batch);
            } catch (CodecException expected) {
                // the one declared failure
            }
        }
    }

    @Property(tries = 1000)
    void everyTruncatedCommandIsRejected(@ForAll("commands") Command command, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = CommandCodec.encode(command);
        byte[] truncated = Arrays.copyOf(full, cut % full.length);
        assertThatThrownBy(() -> CommandCodec.decode(truncated)).isInstanceOf(CodecException.class);
    }

    @Property(tries = 1000)
    void everyTruncatedResultIsRejected(@ForAll("results") Result result, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = ResultCodec.encode(result);
        byte[] truncated = Arrays.copyOf(full, cut % full.length);
        assertThatThrownBy(() -> ResultCodec.decode(truncated)).isInstanceOf(CodecException.class);
    }

    @Property(tries = 1000)
    void trailingBytesAreRejected(@ForAll("commands") Command command, @ForAll byte extra) {
        byte[] full = CommandCodec.encode(command);
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        longer[full.length] = extra;
        assertThatThrownBy(() -> CommandCodec.decode(longer)).isInstanceOf(CodecException.class);
    }

    @Property(tries = 1000)
    void flippedBytesDecodeOrFailWithCodecExceptionOnly(@ForAll("commands") Command command, @ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll byte mask) {
        byte[] bytes = CommandCodec.encode(command);
        bytes[at % bytes.length] ^= mask;
        decodeCommandOrCodecException(bytes);
    }

    @Test
    void aHugeClaimedLengthIsRejectedBeforeAllocating() {
        // version 1, ValuePut, keyspace "a", key "k", then a value length of 2^31-1 with 3 bytes behind it
        byte[] bytes = {1, 4, 1, 'a', 1, 'k', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 1, 2, 3};
        assertThatThrownBy(() -> CommandCodec.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("value");
        // ItemsPut claiming 2^31-1 items
        byte[] items = {1, 8, 1, 'a', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        assertThatThrownBy(() -> CommandCodec.decode(items)).isInstanceOf(CodecException.class).hasMessageContaining("items");
    }

    @Property(tries = 500)
    void everyTruncatedBatchIsRejected(@ForAll("commands") Command a, @ForAll("commands") Command b, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = EntryCodec.encodeBatch(java.util.List.of(io.tally.store.command.SessionCommand.of(a),
                new io.tally.store.command.SessionCommand(-5, 3, b)));
        byte[] truncated = Arrays.copyOf(full, 1 + cut % (full.length - 1));
        assertThatThrownBy(() -> EntryCodec.decode(truncated)).isInstanceOf(CodecException.class);
    }

    @Test
    void anUnknownFormatVersionIsRejectedWithWhatWasExpected() {
        assertThatThrownBy(() -> CommandCodec.decode(new byte[] {2, 3})).isInstanceOf(CodecException.class)
                .hasMessageContaining("expected command format version 1, got 2");
    }

    @Test
    void malformedUtf8IsRejected() {
        byte[] bytes = {1, 3, 1, 'a', 2, (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> CommandCodec.decode(bytes)).isInstanceOf(CodecException.class).hasMessageContaining("UTF-8");
    }

    private static void decodeCommandOrCodecException(byte[] input) {
        try {
            CommandCodec.decode(input);
        } catch (CodecException expected) {
            // the one declared failure
        }
    }

    private static void decodeResultOrCodecException(byte[] input) {
        try {
            ResultCodec.decode(input);
        } catch (CodecException expected) {
            // the one declared failure
        }
    }
}
