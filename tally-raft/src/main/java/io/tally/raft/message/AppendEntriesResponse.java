package io.tally.raft.message;

/**
 * Answer to {@link AppendEntries}; a success must leave only after the entries are durable.
 *
 * @param success       true if the follower's log matched at prevLogIndex and now holds the entries
 * @param matchIndex    on success: index of the last entry now known to match the leader's log;
 *                      on failure: the rejected prevLogIndex
 * @param conflictIndex on failure: where the leader should retry. If {@code conflictTerm == 0}, the follower's log
 *                      is too short and this is its last index + 1; otherwise the first index the follower holds with
 *                      {@code conflictTerm}
 * @param conflictTerm  on failure: the term the follower holds at prevLogIndex, or 0 if it holds none there
 */
public record AppendEntriesResponse(String from, String to, long term, boolean success, long matchIndex,
                                    long conflictIndex, long conflictTerm) implements RaftMessage {
}
