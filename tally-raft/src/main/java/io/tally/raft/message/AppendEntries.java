package io.tally.raft.message;

import io.tally.raft.Entry;
import java.util.List;

/**
 * AppendEntries RPC (Figure 2) carrying a batch of entries (bounded by count and bytes).
 *
 * @param prevLogIndex index of the entry just before {@code entries}
 * @param prevLogTerm  term of that entry
 * @param leaderCommit leader's commit index
 */
public record AppendEntries(String from, String to, long term, long prevLogIndex, long prevLogTerm,
                            List<Entry> entries, long leaderCommit) implements RaftMessage {
    public AppendEntries {
        entries = List.copyOf(entries);
    }

    /** Index of the last entry carried, or prevLogIndex if empty. */
    public long lastIndex() {
        return prevLogIndex + entries.size();
    }
}
