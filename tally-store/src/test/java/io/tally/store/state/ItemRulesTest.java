package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemRulesTest {
    private final Harness h = new Harness();

    private static Item item(long id, String tenant) {
        return new Item(new ItemId.Num(id), tenant);
    }

    private long count(String tenant) {
        return h.ok(new Command.ItemCount("default", tenant), Result.Count.class).count();
    }

    @Test
    void aBatchCountsEachItemOnce() {
        assertThat(h.run(new Command.ItemsPut("default", List.of(item(1, "a"), item(2, "a"), item(3, "b"))))).isEqualTo(new Result.ItemsAccepted(3));
        h.run(new Command.ItemsPut("default", List.of(item(1, "a"), item(2, "a"))));
        assertThat(count("a")).isEqualTo(2);
        assertThat(count("b")).isEqualTo(1);
        assertThat(count("nobody")).isZero();
    }

    @Test
    void theSameIdWithAnotherTenantMovesIt() {
        h.run(new Command.ItemsPut("default", List.of(item(1, "a"), item(2, "a"))));
        h.run(new Command.ItemsPut("default", List.of(item(1, "b"))));
        assertThat(count("a")).isEqualTo(1);
        assertThat(count("b")).isEqualTo(1);
        h.run(new Command.ItemsPut("default", List.of(item(2, "b"))));
        assertThat(count("a")).isZero();
        assertThat(count("b")).isEqualTo(2);
    }

    @Test
    void theSameIdTwiceInOneBatchEndsWithItsLastTenant() {
        h.run(new Command.ItemsPut("default", List.of(item(7, "a"), item(7, "b"), item(7, "c"))));
        assertThat(count("a")).isZero();
        assertThat(count("b")).isZero();
        assertThat(count("c")).isEqualTo(1);
        h.run(new Command.ItemsPut("default", List.of(item(8, "a"), item(8, "a"))));
        assertThat(count("a")).isEqualTo(1);
    }

    @Test
    void numericAndStringIdsAreDistinct() {
        h.run(new Command.ItemsPut("default", List.of(item(1, "a"), new Item(new ItemId.Str("1"), "a"))));
        assertThat(count("a")).isEqualTo(2);
    }

    @Test
    void aBatchWithOneBadItemAppliesNothing() {
        h.run(new Command.ItemsPut("default", List.of(item(1, "a"))));
        ApplyOutput out = h.output(0, 0, new Command.ItemsPut("default", List.of(item(1, "b"), item(2, "b"), item(3, ""))));
        Result.Error e = (Result.Error) out.result();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.message()).contains("tenant of item 2");
        assertThat(out.writes()).isEmpty();
        assertThat(count("a")).isEqualTo(1);
        assertThat(count("b")).isZero();
    }

    @Test
    void tenantsAreScopedByKeyspace() {
        h.run(new Command.CreateKeyspace("other", io.tally.store.command.Consistency.STRONG, 3));
        h.run(new Command.ItemsPut("other", List.of(item(1, "a"))));
        h.run(new Command.ItemsPut("default", List.of(item(1, "b"))));
        assertThat(count("a")).isZero();
        assertThat(h.ok(new Command.ItemCount("other", "a"), Result.Count.class).count()).isEqualTo(1);
    }

    @Test
    void aTenantLeftEmptyKeepsNoCountRecord() {
        h.run(new Command.ItemsPut("default", List.of(item(1, "a"))));
        int before = h.state.size(Family.DATA);
        h.run(new Command.ItemsPut("default", List.of(item(1, "b"))));
        assertThat(h.state.size(Family.DATA)).isEqualTo(before);
    }
}
