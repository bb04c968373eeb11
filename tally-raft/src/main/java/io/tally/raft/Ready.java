package io.tally.raft;

import io.tally.raft.message.RaftMessage;
import java.util.List;

/**
 * One batch of output from a {@link RaftNode}. The runtime handles a Ready in this order (etcd-io/raft's contract):
 * <ol>
 *   <li>send {@link #messages()} right away: they never depend on this batch's persistence (the leader's
 *       AppendEntries, heartbeats, snapshots go out in parallel with the leader's own disk write);</li>
 *   <li>persist, in order: {@link #snapshot()} (install), {@link #entries()} (first truncating any stored suffix
 *       from the first entry's index), {@link #hardState()}, {@link #localSnapshot()} (compaction); then fsync if
 *       {@link #mustSync()}. {@link io.tally.raft.storage.RaftStorage#persist(Ready)} does exactly this;</li>
 *   <li>only then send {@link #messagesAfterPersist()} (votes, append acknowledgements, snapshot acknowledgements);</li>
 *   <li>restore the state machine from {@link #snapshot()} if present, then apply {@link #committedEntries()} in
 *       order (they are always locally durable), and serve {@link #readStates()} once applied index >= readIndex;
 *       fail {@link #failedReads()} (the client retries);</li>
 *   <li>call {@link RaftNode#advance(Ready)}. Only one Ready is outstanding at a time.</li>
 * </ol>
 *
 * @param hardState            term/vote/commit to persist, or null if unchanged
 * @param entries              entries to append (may overwrite a conflicting uncommitted suffix)
 * @param snapshot             a snapshot received from the leader to persist and install, or null
 * @param localSnapshot        a snapshot the application took (via {@link RaftNode#compact}) to persist, after which
 *                             the stored log up to its index may be discarded; or null
 * @param mustSync             true if term, vote, entries or a snapshot changed: fsync before messagesAfterPersist
 * @param messages             messages that may be sent before persistence
 * @param messagesAfterPersist messages that may leave only after this batch is durable
 * @param committedEntries     newly committed entries to apply, in index order
 * @param readStates           reads that are now safe once applied up to their index
 * @param failedReads          request ids of reads that could not be served (no leader, lost leadership)
 */
public record Ready(HardState hardState, List<Entry> entries, Snapshot snapshot, Snapshot localSnapshot,
                    boolean mustSync, List<RaftMessage> messages, List<RaftMessage> messagesAfterPersist,
                    List<Entry> committedEntries, List<ReadState> readStates, List<Long> failedReads) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
        failedReads = List.copyOf(failedReads);
    }

    /** All messages, in the order the runtime should send them once this Ready is persisted. */
    public List<RaftMessage> allMessages() {
        if (messagesAfterPersist.isEmpty()) {
            return messages;
        }
        java.util.ArrayList<RaftMessage> all = new java.util.ArrayList<>(messages);
        all.addAll(messagesAfterPersist);
        return all;
    }

    /** True if there is nothing to persist, send, apply or answer. */
    public boolean isEmpty() {
        return hardState == null && entries.isEmpty() && snapshot == null && localSnapshot == null
                && messages.isEmpty() && messagesAfterPersist.isEmpty() && committedEntries.isEmpty()
                && readStates.isEmpty() && failedReads.isEmpty();
    }
}
