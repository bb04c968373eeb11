package io.tally.sim.data;

import io.tally.sim.linearizability.Model;
import io.tally.store.command.Command;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tenant items: batches of (id, tenant) over a few ids and tenants, so ids keep moving, and per-tenant counts.
 * A batch changes several tenants' counts at once, so the whole workload is one key for the checker; the model
 * state is the id-to-tenant map. Stateless.
 */
public final class ItemsWorkload implements DataWorkload<ItemsWorkload.Owners, ItemsWorkload.Op, Long> {
    private static final String[] TENANTS = {"t0", "t1", "t2"};
    private static final int IDS = 5;

    /** An items operation: a batch (answered with the batch size) or a count (answered with the count). */
    public sealed interface Op {
    }

    public record Batch(List<Item> items) implements Op {
    }

    public record Count(String tenant) implements Op {
    }

    /** Model state: which tenant each id belongs to. */
    public record Owners(Map<Long, String> owner) {
        public Owners {
            owner = Map.copyOf(owner);
        }
    }

    @Override
    public String name() {
        return "items";
    }

    @Override
    public Op nextOp(Random random, Map<String, Long> lastVersions) {
        if (random.nextInt(3) == 0) {
            return new Count(TENANTS[random.nextInt(TENANTS.length)]);
        }
        List<Item> items = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            items.add(new Item(new ItemId.Num(random.nextInt(IDS)), TENANTS[random.nextInt(TENANTS.length)]));
        }
        return new Batch(items);
    }

    @Override
    public String key(Op op) {
        return "items";
    }

    @Override
    public Command command(Op op) {
        return switch (op) {
            case Batch b -> new Command.ItemsPut("default", b.items());
            case Count c -> new Command.ItemCount("default", c.tenant());
        };
    }

    @Override
    public Long output(Op op, Result result) {
        if (op instanceof Batch && result instanceof Result.ItemsAccepted a) {
            return (long) a.accepted();
        }
        if (op instanceof Count && result instanceof Result.Count c) {
            return c.count();
        }
        throw new IllegalStateException("expected an answer to " + op + ", got " + result);
    }

    @Override
    public Model<Owners, Op, Long> model() {
        return new Model<>() {
            @Override
            public Owners initial() {
                return new Owners(Map.of());
            }

            @Override
            public Owners step(Owners s, Op input, Long output) {
                return switch (input) {
                    case Batch b -> {
                        if (output != null && output != b.items().size()) {
                            yield null;
                        }
                        Map<Long, String> next = new HashMap<>(s.owner());
                        b.items().forEach(i -> next.put(((ItemId.Num) i.id()).value(), i.tenant()));
                        yield new Owners(next);
                    }
                    case Count c -> {
                        long n = s.owner().values().stream().filter(c.tenant()::equals).count();
                        yield output == null || output == n ? s : null;
                    }
                };
            }
        };
    }
}
