package io.tally.store.state;

import io.tally.store.command.Result;
import java.util.List;
import java.util.Objects;

/**
 * What applying one log entry produced: one {@link Answer} per command (none for a NOOP or CONFIG entry, several
 * for a batch), and the {@code writes} to commit atomically with applied index {@code index}
 * ({@code StateStore.apply(index, writes)}) before the next entry is applied.
 */
public record ApplyOutput(long index, List<Answer> answers, List<Write> writes) {

    /**
     * The answer to one command. {@code duplicate} is true when it was a retry answered from its client session
     * (nothing but the session's last-active time changed).
     */
    public record Answer(long clientId, long sequence, Result result, boolean duplicate) {
        public Answer {
            Objects.requireNonNull(result, "result");
        }
    }

    public ApplyOutput {
        answers = List.copyOf(answers);
        writes = List.copyOf(writes);
    }

    /**
     * The result of a single-command entry; null for an entry without a command (NOOP, CONFIG).
     *
     * @throws IllegalStateException for a batch (use {@link #answers()})
     */
    public Result result() {
        return single() == null ? null : single().result();
    }

    /** Whether a single-command entry was a retry answered from its session. */
    public boolean duplicate() {
        return single() != null && single().duplicate();
    }

    private Answer single() {
        if (answers.size() > 1) {
            throw new IllegalStateException("entry " + index + " is a batch of " + answers.size() + " commands: read answers()");
        }
        return answers.isEmpty() ? null : answers.get(0);
    }
}
