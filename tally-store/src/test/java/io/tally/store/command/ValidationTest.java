package io.tally.store.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static Bytes sha() {
        return Bytes.wrap(new byte[32]);
    }

    @Test
    void aValidCommandPasses() {
        assertThat(Validation.check(new Command.ValuePut("default", "a/b", Bytes.utf8("x"), "text/plain", Condition.NONE))).isNull();
    }

    @Test
    void keysMustBeNonEmptyAndWithinTheLimit() {
        assertThat(Validation.check(new Command.CounterIncrement("default", "", 1)).message()).contains("non-empty key");
        String longKey = "k".repeat(Limits.KEY_BYTES_MAX + 1);
        Result.Error e = Validation.check(new Command.CounterIncrement("default", longKey, 1));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.message()).contains("at most " + Limits.KEY_BYTES_MAX).contains("got " + (Limits.KEY_BYTES_MAX + 1));
        // limits count UTF-8 bytes: 342 three-byte characters are 1026 bytes
        assertThat(Validation.check(new Command.CounterRead("default", "\u4e00".repeat(342)))).isNotNull();
        assertThat(Validation.check(new Command.CounterRead("default", "\u4e00".repeat(341)))).isNull();
    }

    @Test
    void loneSurrogatesAndNulAreRejected() {
        assertThat(Validation.check(new Command.ValueGet("default", "a\ud800b")).message()).contains("lone surrogate");
        assertThat(Validation.check(new Command.ValueGet("default", "a\u0000b")).message()).contains("NUL");
        assertThat(Validation.check(new Command.ValueGet("default", "smile\ud83d\ude00"))).isNull();
    }

    @Test
    void keyspaceNamesAreLowercaseAlphanumeric() {
        assertThat(Validation.check(new Command.CounterRead("Hits", "k")).message()).contains("[a-z0-9_-]");
        assertThat(Validation.check(new Command.CounterRead("-x", "k"))).isNotNull();
        assertThat(Validation.check(new Command.CounterRead("", "k"))).isNotNull();
        assertThat(Validation.check(new Command.CounterRead("hits_2-b", "k"))).isNull();
    }

    @Test
    void anOversizedValueIsTooLarge() {
        Result.Error e = Validation.check(new Command.ValuePut("default", "k", Bytes.wrap(new byte[Limits.VALUE_BYTES_MAX + 1]), "", Condition.NONE));
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.code().httpStatus()).isEqualTo(413);
    }

    @Test
    void aDeleteCannotBeCreateOnly() {
        assertThat(Validation.check(new Command.ValueDelete("default", "k", Condition.IF_ABSENT)).message()).contains("If-None-Match");
        assertThat(Validation.check(new Command.ValueDelete("default", "k", new Condition.IfMatch(0))).message()).contains(">= 1");
    }

    @Test
    void itemsNeedNonEmptyBoundedTenantsAndAreLimitedPerBatch() {
        Result.Error empty = Validation.check(new Command.ItemsPut("default", List.of(new Item(new ItemId.Num(1), "a"), new Item(new ItemId.Num(2), ""))));
        assertThat(empty.message()).contains("tenant of item 1");
        String longTenant = "t".repeat(Limits.TENANT_BYTES_MAX + 1);
        assertThat(Validation.check(new Command.ItemsPut("default", List.of(new Item(new ItemId.Num(1), longTenant))))).isNotNull();
        assertThat(Validation.check(new Command.ItemsPut("default", List.of(new Item(new ItemId.Str(""), "a")))).message()).contains("string id of item 0");
        List<Item> tooMany = Collections.nCopies(Limits.ITEMS_PER_BATCH_MAX + 1, new Item(new ItemId.Num(1), "a"));
        assertThat(Validation.check(new Command.ItemsPut("default", tooMany)).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void listingsNeedALimitWithinBounds() {
        assertThat(Validation.check(new Command.ValueList("default", "", "", 0)).message()).contains("limit in 1.." + Limits.LIST_LIMIT_MAX);
        assertThat(Validation.check(new Command.ValueList("default", "", "", Limits.LIST_LIMIT_MAX + 1))).isNotNull();
        assertThat(Validation.check(new Command.ValueList("default", "", "", 1))).isNull();
    }

    @Test
    void aManifestMustAddUp() {
        FileManifest good = new FileManifest("f", 5, "", sha(), List.of(new ChunkRef(sha(), 2), new ChunkRef(sha(), 3)));
        assertThat(Validation.check(new Command.FilePut("default", good))).isNull();
        FileManifest wrongSum = new FileManifest("f", 6, "", sha(), good.chunks());
        assertThat(Validation.check(new Command.FilePut("default", wrongSum)).message()).contains("sum of its chunk sizes 5");
        FileManifest shortSha = new FileManifest("f", 2, "", sha(), List.of(new ChunkRef(Bytes.wrap(new byte[31]), 2)));
        assertThat(Validation.check(new Command.FilePut("default", shortSha)).message()).contains("SHA-256 of chunk 0");
        FileManifest emptyChunk = new FileManifest("f", 0, "", sha(), List.of(new ChunkRef(sha(), 0)));
        assertThat(Validation.check(new Command.FilePut("default", emptyChunk)).message()).contains("chunk 0 to hold 1..");
        assertThat(Validation.check(new Command.FilePut("default", new FileManifest("empty", 0, "", sha(), List.of())))).isNull();
    }

    @Test
    void contentTypesArePrintableAscii() {
        assertThat(Validation.check(new Command.ValuePut("default", "k", Bytes.EMPTY, "text/plain\n", Condition.NONE)).message())
                .contains("printable ASCII");
    }
}
