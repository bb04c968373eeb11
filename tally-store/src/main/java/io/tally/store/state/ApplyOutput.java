package io.tally.store.state;

import io.tally.store.command.Result;
import java.util.List;

/**
 * What applying one log entry produced: the {@code result} to answer the client with, and the {@code writes}
 * to commit atomically with applied index {@code index} ({@code StateStore.apply(index, writes)}) before the
 * next entry is applied. {@code duplicate} is true when the entry was a retry answered from its client session
 * (nothing but the session's last-active time changed). {@code result} is null only for a Raft entry that
 * carries no command (NOOP, CONFIG), whose output just advances the applied index.
 */
public record ApplyOutput(long index, Result result, boolean duplicate, List<Write> writes) {
    public ApplyOutput {
        writes = List.copyOf(writes);
    }
}
