package io.tally.store.testing;

import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.Consistency;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Commands over a small universe (few keys, tenants, files, versions) so random sequences collide: CAS hits and
 * misses, moves, replaced files, deletes of present keys, overflow near the 64-bit edges, a few invalid inputs.
 */
public final class Workload {
    public static final List<String> KEYS = List.of("a", "ab", "b", "b/c", "\u00e9");
    public static final List<String> TENANTS = List.of("x", "y", "z");
    public static final List<String> FILES = List.of("f", "f/g", "h");
    
    private Workload() {
    }

    private static Bytes sha(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return Bytes.wrap(b);
    }

    private static Arbitrary<FileManifest> manifest() {
        Arbitrary<ChunkRef> chunk = Arbitraries.integers().between(0, 5).map(n -> new ChunkRef(sha(n), n + 1));
        return Combinators.combine(Arbitraries.of(FILES), chunk.list().ofMaxSize(3), Arbitraries.of("", "text/plain"), rarely(Arbitraries.just(0), 1))
                .as((name, chunks, ct, skew) -> new FileManifest(name, chunks.stream().mapToLong(ChunkRef::sizeBytes).sum() + skew * (chunks.isEmpty() ? 0 : 1),
                        ct, sha(40 + chunks.size()), chunks));
    }

    /** {@code usual} nearly always, {@code odd} (an invalid input) about one time in twenty. */
    private static <T> Arbitrary<T> rarely(Arbitrary<T> usual, T odd) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(19, usual), net.jqwik.api.Tuple.of(1, Arbitraries.just(odd)));
    }

    public static Arbitrary<Command> commands() {
        Arbitrary<String> ks = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, Arbitraries.just("default")), net.jqwik.api.Tuple.of(4, Arbitraries.just("s")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("e")), net.jqwik.api.Tuple.of(1, Arbitraries.just("missing")));
        Arbitrary<String> key = rarely(Arbitraries.of(KEYS), "");
        Arbitrary<Long> delta = Arbitraries.oneOf(Arbitraries.longs().between(-3, 3), Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2 + 1));
        Arbitrary<Condition> cond = Arbitraries.oneOf(Arbitraries.just(Condition.NONE), Arbitraries.just(Condition.IF_ABSENT),
                Arbitraries.longs().between(0, 12).map(Condition.IfMatch::new));
        Arbitrary<Condition> deleteCond = Arbitraries.oneOf(Arbitraries.just(Condition.NONE), Arbitraries.longs().between(1, 12).map(Condition.IfMatch::new));
        Arbitrary<Bytes> value = Arbitraries.of("", "v1", "v2", "long value").map(Bytes::utf8);
        Arbitrary<ItemId> id = Arbitraries.oneOf(Arbitraries.longs().between(-2, 6).map(ItemId.Num::new), Arbitraries.of("1", "q").map(ItemId.Str::new));
        Arbitrary<Item> item = Combinators.combine(id, Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(99, Arbitraries.of(TENANTS)), net.jqwik.api.Tuple.of(1, Arbitraries.just("")))).as(Item::new);
        Arbitrary<String> prefix = Arbitraries.of("", "a", "b", "b/", "f");
        Arbitrary<String> after = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of(KEYS), Arbitraries.of(FILES));
        Arbitrary<Integer> limit = rarely(Arbitraries.integers().between(1, 4), 0);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.of("s", "s", "e", "default"),
                        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(Consistency.STRONG)), net.jqwik.api.Tuple.of(1, Arbitraries.just(Consistency.EVENTUAL))),
                        Arbitraries.of(0, 3)).as(Command.CreateKeyspace::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(ks, key, delta).as(Command.CounterIncrement::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(ks, key).as(Command.CounterRead::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(ks, key, value, Arbitraries.of("", "text/plain"), cond).as(Command.ValuePut::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(ks, key).as(Command.ValueGet::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(ks, key, deleteCond).as(Command.ValueDelete::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(ks, prefix, after, limit).as(Command.ValueList::new)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(ks, item.list().ofMaxSize(5)).as(Command.ItemsPut::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(ks, Arbitraries.of(TENANTS)).as(Command.ItemCount::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(ks, manifest()).as(Command.FilePut::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(ks, Arbitraries.of(FILES)).as(Command.FileGet::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(ks, Arbitraries.of(FILES)).as(Command.FileDelete::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(ks, prefix, after, limit).as(Command.FileList::new)));
    }
}
