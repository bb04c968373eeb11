package io.tally.server.raft;

import io.tally.raft.Ready;
import io.tally.raft.message.RaftMessage;
import io.tally.store.command.Result;
import io.tally.wire.data.DataCodec;
import io.tally.wire.proto.DataForwardReply;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What reaches the {@link RaftDriver} through the node queue (inside {@code NodeEvent.Raft}). Handled by a
 * pattern-matching switch without default in {@link RaftDriver#handle}.
 */
public sealed interface RaftEvent {

    /** One Raft tick (every {@link RaftDriver#TICK_MS} ms). */
    record Tick() implements RaftEvent {}

    /** A Raft message from a peer (decoded and checked on the transport thread). */
    record Message(RaftMessage message) implements RaftEvent {}

    /** A client operation from the HTTP layer; the driver completes {@code reply}. */
    record Call(ClientRequest request, CompletableFuture<Outcome> reply) implements RaftEvent {}

    /** A cluster administration call from the HTTP layer; the driver completes {@code reply}. */
    record Admin(AdminOp op, CompletableFuture<io.tally.server.core.ApiReply> reply) implements RaftEvent {}

    /** Proposals and reads gathered since the last flush go out now (batching). */
    record Flush() implements RaftEvent {}

    /** Writes forwarded by a peer that does not lead (one peer message may carry many). */
    record Forwarded(String fromNodeId, java.util.List<DataCodec.Forward> forwards) implements RaftEvent {
        public Forwarded {
            forwards = java.util.List.copyOf(forwards);
        }
    }

    /** The leader's answers to writes this node forwarded (one peer message may carry many). */
    record ForwardAnswered(String fromNodeId, java.util.List<DataForwardReply> replies) implements RaftEvent {
        public ForwardAnswered {
            replies = java.util.List.copyOf(replies);
        }
    }

    /** One committed entry applied by the storage thread, with the results to answer in command order (none for NOOP/CONFIG). */
    record Applied(long index, long term, java.util.List<Result> results) {
        public Applied {
            results = java.util.List.copyOf(results);
        }
    }

    /**
     * The storage thread persisted {@code ready}, applied its committed entries ({@code applied}) and now holds
     * state up to {@code appliedIndex}; {@code snapshotData} is non-null when it also took a snapshot at
     * {@code snapshotIndex} (for {@code RaftNode.compact}). {@code error} is non-null if persisting failed: fatal.
     */
    record Persisted(Ready ready, List<Applied> applied, long appliedIndex, long snapshotIndex, byte[] snapshotData,
                     Throwable error) implements RaftEvent {
        public Persisted {
            applied = List.copyOf(applied);
        }
    }
}
