package io.tally.raft.message;

/** Answer to {@link Heartbeat}, echoing its {@code sequence}. */
public record HeartbeatResponse(String from, String to, long term, long sequence) implements RaftMessage {
}
