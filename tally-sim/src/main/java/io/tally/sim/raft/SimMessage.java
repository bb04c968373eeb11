package io.tally.sim.raft;

import io.tally.raft.message.RaftMessage;

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
     * @param op the operation, of the run's {@link SimWorkload} input type
     */
    record Request(long clientId, long opId, long sequence, String key, Object op) implements SimMessage { }

    /**
     * The answer to a request; exactly one of the reply kinds.
     *
     * @param output the answer (of the run's {@link SimWorkload} output type) when OK, else null
     */
    record Reply(long clientId, long opId, ReplyKind kind, Object output, String leaderHint)
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
