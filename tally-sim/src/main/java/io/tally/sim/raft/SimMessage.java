package io.tally.sim.raft;

import io.tally.raft.message.RaftMessage;
import io.tally.sim.linearizability.KvOp;

/**
 * Everything that crosses the simulated network of the Raft simulation: Raft messages between nodes
 * and client requests and replies.
 */
public sealed interface SimMessage {

    /** A Raft message between two nodes. */
    record Peer(RaftMessage message) implements SimMessage {
        @Override
        public String toString() {
            // Deterministic and short: record toString of byte arrays would print identity hashes.
            return message.getClass().getSimpleName() + " t" + message.term();
        }
    }

    /**
     * A client request.
     *
     * @param clientId the client's session id (>= 1)
     * @param opId the client's operation number (replies carry it back)
     * @param sequence session sequence number for writes (>= 1), 0 for reads
     */
    record Request(long clientId, long opId, long sequence, String key, KvOp.Input op) implements SimMessage { }

    /** The answer to a request; exactly one of the reply kinds. */
    record Reply(long clientId, long opId, ReplyKind kind, KvOp.Output output, String leaderHint)
            implements SimMessage { }

    /** What a reply says. */
    enum ReplyKind {
        /** Done; {@code output} is the answer. */
        OK,
        /** This node is not the leader; try {@code leaderHint} (may be null). */
        NOT_LEADER,
        /** Not done now (dropped proposal, failed read); try again. */
        RETRY
    }
}
