package io.tally.server.raft;

import io.tally.store.command.Result;
import java.util.Objects;

/** How a {@link ClientRequest} ended: a data-layer {@link Result}, or unavailable (no leader, no quorum, timeout). */
public sealed interface Outcome {
    /** The command ran (its result may be a data-layer error). */
    record Done(Result result) implements Outcome {
        public Done {
            Objects.requireNonNull(result, "result");
        }
    }

    /** The command could not run in time; for a write it may or may not have been applied unless {@code notApplied}. */
    record Unavailable(String reason, boolean notApplied) implements Outcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
