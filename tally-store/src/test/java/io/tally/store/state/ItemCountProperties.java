package io.tally.store.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Result;
import io.tally.store.testing.Harness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ItemCountProperties {

    @Provide
    Arbitrary<List<List<Item>>> batches() {
        Arbitrary<Item> item = Combinators.combine(Arbitraries.longs().between(0, 30).map(ItemId.Num::new),
                Arbitraries.of("a", "b", "c", "d")).as(Item::new);
        return item.list().ofMinSize(0).ofMaxSize(12).list().ofMaxSize(25);
    }

    /** After any sequence of batches (many moves), each maintained count equals a recount of the items. */
    @Property(tries = 300)
    void countsAfterManyMovesEqualARecount(@ForAll("batches") List<List<Item>> batches) {
        Harness h = new Harness();
        Map<ItemId, String> owner = new HashMap<>();
        for (List<Item> batch : batches) {
            assertThat(h.run(new Command.ItemsPut("default", batch))).isEqualTo(new Result.ItemsAccepted(batch.size()));
            batch.forEach(i -> owner.put(i.id(), i.tenant()));
        }
        for (String tenant : List.of("a", "b", "c", "d")) {
            long recount = owner.values().stream().filter(tenant::equals).count();
            assertThat(h.ok(new Command.ItemCount("default", tenant), Result.Count.class).count()).as(tenant).isEqualTo(recount);
        }
        // and the stored item records agree: one per distinct id
        byte[] itemPrefix = Keys.scoped(Keys.ITEM, "default");
        assertThat(h.state.scan(Family.DATA, itemPrefix, null, 10_000)).hasSize(owner.size());
    }
}
