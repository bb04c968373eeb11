package io.tally.store.command;

import java.util.Objects;

/** One element of an items batch: item {@code id} belongs to {@code tenant}. */
public record Item(ItemId id, String tenant) {
    public Item {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
    }
}
