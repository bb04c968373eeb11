package io.tally.store.state;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.store.codec.CodecException;
import io.tally.store.codec.EntryCodec;
import io.tally.store.codec.ResultCodec;
import io.tally.store.command.Command;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Limits;
import io.tally.store.command.Result;
import io.tally.store.command.SessionCommand;
import io.tally.store.command.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The replicated state machine of the strong keyspaces. For each committed entry, in log order, the caller
 * calls {@link #apply} and then commits the returned writes with the entry's index (StateStore.apply or
 * {@link MemoryState#commit}) before applying the next one. Pure and deterministic: the output depends only on
 * the committed state, the index, the entry's log time, its session and its command. An entry may also carry a
 * batch of commands, each with its own session ({@link #applyBatch}): they apply in order with the rules below,
 * one answer each, one write list for the entry.
 *
 * <p>Steps of one apply, all in one {@link WriteBuffer}:
 * <table>
 * <caption>apply(index, logTimeMs, clientId, sequence, command); steps 3-5 per command of a batch</caption>
 * <tr><th>step</th><th>rule</th></tr>
 * <tr><td>1. index check</td><td>index &lt;= applied index, or the previous output not committed: IllegalStateException</td></tr>
 * <tr><td>2. expire sessions</td><td>every session idle for more than sessionTimeoutMs of log time is removed</td></tr>
 * <tr><td>3. session</td><td>clientId 0: no session. Unknown client with sequence &gt; 1: SESSION_EXPIRED. Sequence equal to the
 *   session's last: DUPLICATE, the remembered result. Lower: SESSION_STALE. Otherwise: execute.</td></tr>
 * <tr><td>4. execute</td><td>validate ({@link Validation}), check the keyspace exists and is strong, then run the command in a
 *   nested buffer; an error result discards that buffer (nothing half-applied). A write that wrote something
 *   advances the revision counter; the new revision is the version of what it wrote.</td></tr>
 * <tr><td>5. remember</td><td>with a session, the encoded result is stored as the session's answer to this sequence; above
 *   sessionsMax the least recently active session is evicted.</td></tr>
 * </table>
 *
 * <p>Versions are revisions: one counter for the whole state, advanced by every successful write, like etcd's
 * mod_revision and Consul's ModifyIndex. A key's version is the revision that last wrote it, so it only ever grows,
 * also across a delete and a new put. Apply thread only.
 */
public final class DataStateMachine {
    private final StateReader state;
    private final long sessionTimeoutMs;
    private final int sessionsMax;
    private long lastIndex;

    /**
     * @param state            the committed state the caller commits every output to
     * @param sessionTimeoutMs idle log time after which a client session expires (same rule as SessionTable)
     * @param sessionsMax      bound on live sessions
     */
    public DataStateMachine(StateReader state, long sessionTimeoutMs, int sessionsMax) {
        if (sessionTimeoutMs < 1 || sessionsMax < 1) {
            throw new IllegalArgumentException("expected sessionTimeoutMs >= 1 and sessionsMax >= 1, got " + sessionTimeoutMs + ", " + sessionsMax);
        }
        this.state = state;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.sessionsMax = sessionsMax;
        this.lastIndex = state.appliedIndex();
    }

    /**
     * Applies a committed Raft entry: NORMAL entries carry one encoded command (with the entry's session) or a
     * batch ({@link EntryCodec}); NOOP and CONFIG entries change no data: their output has no answer and no
     * writes (commit it all the same, to advance the applied index). Undecodable data is answered
     * {@link ErrorCode#MALFORMED_COMMAND} on every replica alike.
     */
    public ApplyOutput apply(Entry entry) {
        if (entry.type() != EntryType.NORMAL) {
            checkIndex(entry.index());
            lastIndex = entry.index();
            return new ApplyOutput(entry.index(), List.of(), List.of());
        }
        return applyBytes(entry.index(), entry.logTimeMs(), entry.clientId(), entry.sequence(), entry.data());
    }

    /** Applies an entry's data (one command or a batch); see {@link #apply(long, long, long, long, Command)}. */
    public ApplyOutput applyBytes(long index, long logTimeMs, long clientId, long sequence, byte[] data) {
        EntryCodec.Payload payload;
        try {
            payload = EntryCodec.decode(data);
        } catch (CodecException e) {
            Result.Error malformed = new Result.Error(ErrorCode.MALFORMED_COMMAND, "expected an encoded command in entry " + index + ": " + e.getMessage());
            return applyAll(index, logTimeMs, List.of(new Sessioned(clientId, sequence, null, malformed)));
        }
        return switch (payload) {
            case EntryCodec.Payload.Single s -> apply(index, logTimeMs, clientId, sequence, s.command());
            case EntryCodec.Payload.Batch b -> {
                if (clientId != 0) {
                    throw new IllegalStateException("entry " + index + " is a batch but carries session " + clientId
                            + ": batched commands carry their own sessions");
                }
                yield applyBatch(index, logTimeMs, b.commands());
            }
        };
    }

    /** Applies a command without a client session. */
    public ApplyOutput apply(long index, long logTimeMs, Command command) {
        return apply(index, logTimeMs, 0, 0, command);
    }

    /**
     * Applies one command of entry {@code index}.
     *
     * @param clientId 0 for no session
     * @param sequence the client's sequence number (1 opens a session)
     * @throws IllegalStateException if the entry is already applied or the previous output was not committed
     */
    public ApplyOutput apply(long index, long logTimeMs, long clientId, long sequence, Command command) {
        return applyAll(index, logTimeMs, List.of(new Sessioned(clientId, sequence, Objects.requireNonNull(command, "command"), null)));
    }

    /**
     * Applies a batch of commands in one entry, in order, each with its own session, exactly as if each were
     * its own entry with the same log time (same results, versions and final state), with one write list.
     */
    public ApplyOutput applyBatch(long index, long logTimeMs, List<SessionCommand> commands) {
        if (commands.isEmpty() || commands.size() > Limits.COMMANDS_PER_ENTRY_MAX) {
            throw new IllegalArgumentException("expected 1.." + Limits.COMMANDS_PER_ENTRY_MAX + " commands in a batch, got " + commands.size());
        }
        List<Sessioned> all = new ArrayList<>(commands.size());
        for (SessionCommand c : commands) {
            all.add(new Sessioned(c.clientId(), c.sequence(), c.command(), null));
        }
        return applyAll(index, logTimeMs, all);
    }

    /** Index of the last entry applied (committed or not). */
    public long lastIndex() {
        return lastIndex;
    }

    private void checkIndex(long index) {
        long applied = state.appliedIndex();
        if (index <= applied) {
            throw new IllegalStateException("entry " + index + " is already applied (applied index " + applied + "): applying it again would double it");
        }
        if (lastIndex > applied) {
            throw new IllegalStateException("entry " + lastIndex + " was applied but its writes are not committed (applied index "
                    + applied + "): commit each output before applying entry " + index);
        }
    }

    /** A command to apply with its session, or the error that replaces it (undecodable data). */
    private record Sessioned(long clientId, long sequence, Command command, Result.Error error) {
    }

    private ApplyOutput applyAll(long index, long logTimeMs, List<Sessioned> commands) {
        checkIndex(index);
        WriteBuffer buf = new WriteBuffer(state);
        Sessions sessions = new Sessions(buf, sessionTimeoutMs, sessionsMax);
        sessions.expire(logTimeMs);
        List<ApplyOutput.Answer> answers = new ArrayList<>(commands.size());
        for (Sessioned c : commands) {
            answers.add(applyOne(buf, sessions, logTimeMs, c));
        }
        lastIndex = index;
        return new ApplyOutput(index, answers, buf.writes());
    }

    private ApplyOutput.Answer applyOne(WriteBuffer buf, Sessions sessions, long logTimeMs, Sessioned c) {
        long clientId = c.clientId();
        long sequence = c.sequence();
        Records.SessionRecord session = null;
        if (clientId != 0) {
            session = sessions.get(clientId);
            if (session == null && sequence != 1) {
                return new ApplyOutput.Answer(clientId, sequence, new Result.Error(ErrorCode.SESSION_EXPIRED, "expected sequence 1 to open a session: client "
                        + clientId + " has no session (it expired or never existed), got sequence " + sequence), false);
            }
            if (session != null && sequence == session.lastSequence()) {
                sessions.touch(clientId, session, logTimeMs);
                return new ApplyOutput.Answer(clientId, sequence, decodeStored(session.response(), clientId), true);
            }
            if (session != null && sequence < session.lastSequence()) {
                return new ApplyOutput.Answer(clientId, sequence, new Result.Error(ErrorCode.SESSION_STALE, "expected a sequence >= "
                        + session.lastSequence() + " for client " + clientId + ", got " + sequence + ": its answer was discarded"), false);
            }
        }
        Result result = c.error() != null ? c.error() : execute(buf, c.command());
        if (clientId != 0) {
            sessions.record(clientId, session, sequence, ResultCodec.encode(result), logTimeMs);
        }
        return new ApplyOutput.Answer(clientId, sequence, result, false);
    }

    private static Result decodeStored(byte[] response, long clientId) {
        try {
            return ResultCodec.decode(response);
        } catch (CodecException e) {
            throw new IllegalStateException("corrupt state: the remembered answer of client " + clientId + " does not decode: " + e.getMessage(), e);
        }
    }

    private static Result execute(WriteBuffer buf, Command command) {
        if (command.isRead()) {
            return Queries.read(buf, command);
        }
        Result.Error e = Validation.check(command);
        if (e == null && !(command instanceof Command.CreateKeyspace)) {
            e = Queries.strongKeyspace(buf, command.keyspace());
        }
        if (e != null) {
            return e;
        }
        byte[] rev = buf.get(Family.DATA, Keys.REVISION);
        long revision = (rev == null ? 0 : Records.count(rev)) + 1;
        WriteBuffer cmd = new WriteBuffer(buf);
        Result result = switch (command) {
            case Command.CreateKeyspace c -> KeyMutations.createKeyspace(cmd, c, revision);
            case Command.CounterIncrement c -> KeyMutations.increment(cmd, c, revision);
            case Command.ValuePut c -> KeyMutations.put(cmd, c, revision);
            case Command.ValueDelete c -> KeyMutations.delete(cmd, c);
            case Command.ItemsPut c -> ItemMutations.put(cmd, c);
            case Command.FilePut c -> FileMutations.put(cmd, c, revision);
            case Command.FileDelete c -> FileMutations.delete(cmd, c);
            case Command.CounterRead c -> throw new IllegalStateException("unreachable: read " + c);
            case Command.ValueGet c -> throw new IllegalStateException("unreachable: read " + c);
            case Command.ValueList c -> throw new IllegalStateException("unreachable: read " + c);
            case Command.ItemCount c -> throw new IllegalStateException("unreachable: read " + c);
            case Command.FileGet c -> throw new IllegalStateException("unreachable: read " + c);
            case Command.FileList c -> throw new IllegalStateException("unreachable: read " + c);
        };
        if (result.ok() && !cmd.isEmpty()) {
            cmd.mergeInto(buf);
            buf.put(Family.DATA, Keys.REVISION, Records.count(revision));
        }
        return result;
    }
}
