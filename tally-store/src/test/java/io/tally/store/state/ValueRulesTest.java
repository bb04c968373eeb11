package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Bytes;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRulesTest {
    private final Harness h = new Harness();

    private long put(String key, String value, Condition c) {
        return h.ok(new Command.ValuePut("default", key, Bytes.utf8(value), "text/plain", c), Result.ValueWritten.class).version();
    }

    private Result.Error error(Command c) {
        return (Result.Error) h.run(c);
    }

    @Test
    void aGetReturnsTheBodyVersionAndContentType() {
        long v = put("k", "hello", Condition.NONE);
        assertThat(h.run(new Command.ValueGet("default", "k"))).isEqualTo(new Result.Value("k", Bytes.utf8("hello"), "text/plain", v));
        assertThat(error(new Command.ValueGet("default", "missing")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void versionsGrowWithEveryWrite() {
        long v1 = put("k", "a", Condition.NONE);
        long v2 = put("k", "b", Condition.NONE);
        put("other", "x", Condition.NONE);
        long v3 = put("k", "c", Condition.NONE);
        assertThat(v1).isPositive();
        assertThat(v2).isGreaterThan(v1);
        assertThat(v3).isGreaterThan(v2);
    }

    @Test
    void ifMatchSwapsOnlyAtTheCurrentVersion() {
        long v1 = put("k", "a", Condition.NONE);
        long v2 = put("k", "b", new Condition.IfMatch(v1));
        Result.Error e = error(new Command.ValuePut("default", "k", Bytes.utf8("c"), "", new Condition.IfMatch(v1)));
        assertThat(e.code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
        assertThat(e.code().httpStatus()).isEqualTo(409);
        assertThat(e.message()).contains("expected key \"k\" at version " + v1).contains("it is at version " + v2);
        assertThat(h.ok(new Command.ValueGet("default", "k"), Result.Value.class).value()).isEqualTo(Bytes.utf8("b"));
        assertThat(error(new Command.ValuePut("default", "absent", Bytes.EMPTY, "", new Condition.IfMatch(1))).message()).contains("does not exist");
    }

    @Test
    void ifNoneMatchCreatesOnly() {
        put("k", "a", Condition.IF_ABSENT);
        Result.Error e = error(new Command.ValuePut("default", "k", Bytes.utf8("b"), "", Condition.IF_ABSENT));
        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(h.ok(new Command.ValueGet("default", "k"), Result.Value.class).value()).isEqualTo(Bytes.utf8("a"));
    }

    @Test
    void aPutAfterADeleteContinuesFromAHigherVersion() {
        long v1 = put("k", "a", Condition.NONE);
        assertThat(h.ok(new Command.ValueDelete("default", "k", Condition.NONE), Result.Deleted.class).existed()).isTrue();
        assertThat(error(new Command.ValueGet("default", "k")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        long v2 = put("k", "b", Condition.IF_ABSENT);
        assertThat(v2).isGreaterThan(v1);
        // an If-Match on the version before the delete cannot succeed against the new key
        assertThat(error(new Command.ValuePut("default", "k", Bytes.utf8("c"), "", new Condition.IfMatch(v1))).code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
    }

    @Test
    void conditionalDeleteChecksTheVersion() {
        long v1 = put("k", "a", Condition.NONE);
        assertThat(error(new Command.ValueDelete("default", "k", new Condition.IfMatch(v1 + 1))).code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
        assertThat(h.ok(new Command.ValueDelete("default", "k", new Condition.IfMatch(v1)), Result.Deleted.class).existed()).isTrue();
        assertThat(h.ok(new Command.ValueDelete("default", "k", Condition.NONE), Result.Deleted.class).existed()).isFalse();
        assertThat(error(new Command.ValueDelete("default", "k", new Condition.IfMatch(v1))).code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
    }

    @Test
    void prefixListingIsInKeyOrderWithContinuation() {
        for (String k : List.of("b/2", "a", "b/10", "b/1", "c", "b", "b/\u00e9", "b/z")) {
            put(k, "x", Condition.NONE);
        }
        h.run(new Command.CounterIncrement("default", "b/0", 1));
        List<String> all = new ArrayList<>();
        String after = "";
        int pages = 0;
        do {
            Result.KeyListing page = h.ok(new Command.ValueList("default", "b/", after, 2), Result.KeyListing.class);
            page.keys().forEach(e -> all.add(e.key()));
            after = page.nextAfter();
            pages++;
        } while (!after.isEmpty());
        assertThat(all).containsExactly("b/0", "b/1", "b/10", "b/2", "b/z", "b/\u00e9");
        assertThat(pages).isEqualTo(3);
        Result.KeyListing one = h.ok(new Command.ValueList("default", "", "", 100), Result.KeyListing.class);
        assertThat(one.keys()).hasSize(9);
        assertThat(one.keys().get(1).kind()).isEqualTo(Result.KeyKind.VALUE);
        assertThat(one.keys().get(2)).isEqualTo(new Result.KeyEntry("b/0", Result.KeyKind.COUNTER, one.keys().get(2).version()));
        assertThat(one.nextAfter()).isEmpty();
    }

    @Test
    void listingsDoNotCrossKeyspaces() {
        h.run(new Command.CreateKeyspace("b", io.tally.store.command.Consistency.STRONG, 3));
        h.run(new Command.ValuePut("b", "k", Bytes.EMPTY, "", Condition.NONE));
        put("k2", "x", Condition.NONE);
        assertThat(h.ok(new Command.ValueList("default", "", "", 10), Result.KeyListing.class).keys()).extracting(Result.KeyEntry::key)
                .containsExactly("k2");
        assertThat(h.ok(new Command.ValueList("b", "", "", 10), Result.KeyListing.class).keys()).extracting(Result.KeyEntry::key)
                .containsExactly("k");
    }
}
