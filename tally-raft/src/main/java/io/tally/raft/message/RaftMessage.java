package io.tally.raft.message;

/**
 * A message between Raft peers. Immutable records; handled by exhaustive pattern-matching switches, so adding a
 * message type breaks the build until every handler covers it.
 */
public sealed interface RaftMessage permits PreVote, PreVoteResponse, RequestVote, RequestVoteResponse,
        AppendEntries, AppendEntriesResponse, Heartbeat, HeartbeatResponse, InstallSnapshot,
        InstallSnapshotResponse, ReadIndexRequest, ReadIndexResponse, TimeoutNow {

    /** Sender node id. */
    String from();

    /** Receiver node id. */
    String to();

    /** Sender's term (for PreVote: the term the sender would campaign in). */
    long term();
}
