package io.tally.store.testing;

import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.Consistency;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Result;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of commands and results (any shape the codec carries, valid or not for {@code Validation}). */
public final class Generators {
    private Generators() {
    }

    /** Strings with ASCII, Latin, CJK and astral (surrogate pair) characters; never lone surrogates. */
    public static Arbitrary<String> text(int maxLength) {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(maxLength);
        Arbitrary<String> mixed = Arbitraries.strings().withCharRange('a', 'z').withCharRange('\u00e0', '\u00ff')
                .withCharRange('\u4e00', '\u4e10').ofMaxLength(maxLength);
        Arbitrary<String> astral = Arbitraries.integers().between(0x1F600, 0x1F64F).list().ofMaxSize(3)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        return Arbitraries.oneOf(ascii, mixed, astral);
    }

    public static Arbitrary<Bytes> bytes(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength).map(Bytes::wrap);
    }

    public static Arbitrary<Bytes> sha() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Bytes::wrap);
    }

    public static Arbitrary<Condition> condition() {
        return Arbitraries.oneOf(Arbitraries.just(Condition.NONE), Arbitraries.just(Condition.IF_ABSENT),
                Arbitraries.longs().greaterOrEqual(0).map(Condition.IfMatch::new));
    }

    public static Arbitrary<ItemId> itemId() {
        return Arbitraries.oneOf(Arbitraries.longs().map(ItemId.Num::new), text(12).map(ItemId.Str::new));
    }

    public static Arbitrary<FileManifest> manifest() {
        Arbitrary<ChunkRef> chunk = Combinators.combine(sha(), Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(ChunkRef::new);
        return Combinators.combine(text(20), Arbitraries.longs().greaterOrEqual(0), text(10), sha(), chunk.list().ofMaxSize(4))
                .as(FileManifest::new);
    }

    public static Arbitrary<Command> command() {
        return command(text(16));
    }

    /** Any command, with keyspaces drawn from {@code keyspaces}. */
    public static Arbitrary<Command> command(Arbitrary<String> keyspaces) {
        Arbitrary<String> s = text(16);
        Arbitrary<String> k = keyspaces;
        Arbitrary<Integer> n = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                Combinators.combine(k, Arbitraries.of(Consistency.class), n).as(Command.CreateKeyspace::new),
                Combinators.combine(k, s, Arbitraries.longs()).as(Command.CounterIncrement::new),
                Combinators.combine(k, s).as(Command.CounterRead::new),
                Combinators.combine(k, s, bytes(40), s, condition()).as(Command.ValuePut::new),
                Combinators.combine(k, s).as(Command.ValueGet::new),
                Combinators.combine(k, s, condition()).as(Command.ValueDelete::new),
                Combinators.combine(k, s, s, n).as(Command.ValueList::new),
                Combinators.combine(k, Combinators.combine(itemId(), s).as(Item::new).list().ofMaxSize(5)).as(Command.ItemsPut::new),
                Combinators.combine(k, s).as(Command.ItemCount::new),
                Combinators.combine(k, manifest()).as(Command.FilePut::new),
                Combinators.combine(k, s).as(Command.FileGet::new),
                Combinators.combine(k, s).as(Command.FileDelete::new),
                Combinators.combine(k, s, s, n).as(Command.FileList::new));
    }

    public static Arbitrary<Result> result() {
        Arbitrary<String> s = text(16);
        Arbitrary<Long> v = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Result.KeyEntry> keyEntry = Combinators.combine(s, Arbitraries.of(Result.KeyKind.class), v).as(Result.KeyEntry::new);
        Arbitrary<Result.FileEntry> fileEntry = Combinators.combine(s, v, sha(), s, v).as(Result.FileEntry::new);
        return Arbitraries.oneOf(
                Combinators.combine(s, Arbitraries.of(Consistency.class), Arbitraries.integers().between(0, 9), Arbitraries.of(true, false))
                        .as(Result.KeyspaceInfo::new),
                Combinators.combine(s, Arbitraries.longs(), v).as(Result.CounterValue::new),
                Combinators.combine(s, v).as(Result.ValueWritten::new),
                Combinators.combine(s, bytes(40), s, v).as(Result.Value::new),
                Combinators.combine(s, Arbitraries.of(true, false)).as(Result.Deleted::new),
                Combinators.combine(keyEntry.list().ofMaxSize(4), s).as(Result.KeyListing::new),
                Arbitraries.integers().between(0, 10_000).map(Result.ItemsAccepted::new),
                Combinators.combine(s, Arbitraries.longs()).as(Result.Count::new),
                Combinators.combine(s, v, v, sha()).as(Result.FileWritten::new),
                Combinators.combine(manifest(), v).as(Result.FileInfo::new),
                Combinators.combine(fileEntry.list().ofMaxSize(4), s).as(Result.FileListing::new),
                Combinators.combine(Arbitraries.of(ErrorCode.class), s).as(Result.Error::new));
    }

    /** Short lists for tests that want a concrete set of names. */
    public static List<String> names(String stem, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> stem + i).toList();
    }
}
