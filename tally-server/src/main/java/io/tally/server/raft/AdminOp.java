package io.tally.server.raft;

import io.tally.raft.ConfChange;
import java.util.Objects;

/** A cluster administration operation on the Raft group (HTTP {@code /v1/cluster/...}). */
public sealed interface AdminOp {
    /** Add a learner or voter, promote a learner, or remove a member (joint consensus when voters change). */
    record Change(ConfChange change) implements AdminOp {
        public Change {
            Objects.requireNonNull(change, "change");
        }
    }

    /** Hand leadership to the voter {@code nodeId}. */
    record TransferLeader(String nodeId) implements AdminOp {
        public TransferLeader {
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }
}
