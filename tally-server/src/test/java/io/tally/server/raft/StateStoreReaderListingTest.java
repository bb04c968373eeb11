package io.tally.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.storage.state.StateStore;
import io.tally.store.command.Bytes;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.Result;
import io.tally.store.state.ApplyOutput;
import io.tally.store.state.DataStateMachine;
import io.tally.store.state.Queries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing page that resumes after a continuation token reads only its own keys from RocksDB. */
class StateStoreReaderListingTest {
    private static final int KEYS = 3_000;

    @TempDir
    Path dir;

    @Test
    void everyPageReadsOnlyItsOwnKeysAndThePagesTogetherListEveryKeyOnce() throws Exception {
        try (StateStore store = StateStore.open(dir, false, false)) {
            StateStoreReader reader = new StateStoreReader(store);
            DataStateMachine machine = new DataStateMachine(reader, 60_000, 1_000);
            long index = 0;
            for (int i = 0; i < KEYS; i++) {
                ApplyOutput out = machine.apply(++index, 0, new Command.ValuePut(Queries.DEFAULT_KEYSPACE,
                        String.format(Locale.ROOT, "user/%05d", i), Bytes.utf8("v"), "text/plain", Condition.NONE));
                store.apply(index, StateStoreReader.writes(out.writes()));
            }
            ApplyOutput last = machine.apply(++index, 0, new Command.ValuePut(Queries.DEFAULT_KEYSPACE, "zzz", Bytes.utf8("v"),
                    "text/plain", Condition.NONE));
            store.apply(index, StateStoreReader.writes(last.writes()));

            int limit = 100;
            List<String> listed = new ArrayList<>();
            String after = "";
            long maxKeysReadPerPage = 0;
            int pages = 0;
            do {
                long before = store.scanKeysRead();
                Result.KeyListing page = (Result.KeyListing) Queries.read(reader,
                        new Command.ValueList(Queries.DEFAULT_KEYSPACE, "user/", after, limit));
                maxKeysReadPerPage = Math.max(maxKeysReadPerPage, store.scanKeysRead() - before);
                page.keys().forEach(k -> listed.add(k.key()));
                after = page.nextAfter();
                pages++;
            } while (!after.isEmpty() && pages <= KEYS);

            assertThat(pages).isEqualTo(KEYS / limit);
            assertThat(listed).hasSize(KEYS).doesNotHaveDuplicates().isSorted();
            assertThat(listed.get(KEYS - 1)).isEqualTo(String.format(Locale.ROOT, "user/%05d", KEYS - 1));
            // limit + 1 keys to learn whether there is a next page, +1 for the key that ends the prefix
            assertThat(maxKeysReadPerPage).as("keys read by the costliest page of %d", limit).isLessThanOrEqualTo(limit + 2);
        }
    }
}
