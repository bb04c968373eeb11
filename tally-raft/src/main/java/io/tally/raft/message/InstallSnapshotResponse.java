package io.tally.raft.message;

/**
 * Answer to {@link InstallSnapshot}.
 *
 * @param snapshotIndex index of the snapshot being transferred
 * @param nextOffset    next byte offset the follower expects (the data length once done)
 * @param done          true once the whole snapshot is installed and durable (then it is sent after persistence)
 * @param rejected      true if the follower cannot continue at this offset (the leader restarts from 0)
 */
public record InstallSnapshotResponse(String from, String to, long term, long snapshotIndex, long nextOffset,
                                      boolean done, boolean rejected) implements RaftMessage {
}
