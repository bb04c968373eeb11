package io.tally.store.state;

import io.tally.store.command.Command;
import io.tally.store.command.Item;
import io.tally.store.command.Result;

/**
 * Tenant items: each item key holds its tenant, and each tenant has a count record (absent = 0) updated on
 * every move, so a count read is one get. A batch applies in order: the same id again with another tenant
 * moves it (last write in commit order wins); with the same tenant it changes nothing. The batch was validated
 * whole before this runs (all-or-nothing). Apply thread only.
 */
final class ItemMutations {
    private ItemMutations() {
    }

    static Result put(WriteBuffer buf, Command.ItemsPut c) {
        for (Item item : c.items()) {
            byte[] key = Keys.item(c.keyspace(), item.id());
            byte[] old = buf.get(Family.DATA, key);
            byte[] tenant = Keys.utf8(item.tenant());
            if (old != null && java.util.Arrays.equals(old, tenant)) {
                continue;
            }
            if (old != null) {
                adjust(buf, c.keyspace(), Keys.suffix(old, 0), -1);
            }
            buf.put(Family.DATA, key, tenant);
            adjust(buf, c.keyspace(), item.tenant(), +1);
        }
        return new Result.ItemsAccepted(c.items().size());
    }

    private static void adjust(WriteBuffer buf, String keyspace, String tenant, int delta) {
        byte[] key = Keys.tenantCount(keyspace, tenant);
        byte[] v = buf.get(Family.DATA, key);
        long n = (v == null ? 0 : Records.count(v)) + delta;
        if (n < 0) {
            throw new IllegalStateException("corrupt state: the item count of tenant \"" + tenant + "\" in keyspace \"" + keyspace
                    + "\" would go below 0 while an item of it moves away");
        }
        if (n == 0) {
            buf.delete(Family.DATA, key);
        } else {
            buf.put(Family.DATA, key, Records.count(n));
        }
    }
}
