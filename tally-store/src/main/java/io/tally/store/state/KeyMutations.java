package io.tally.store.state;

import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;

/**
 * Keyspace creation, counter increments and value puts and deletes, applied to one command's
 * {@link WriteBuffer}. Inputs are already validated and the keyspace checked; {@code revision} is the version
 * this command gives what it writes. A method that returns an error has written nothing. Apply thread only.
 */
final class KeyMutations {
    private KeyMutations() {
    }

    static Result createKeyspace(WriteBuffer buf, Command.CreateKeyspace c, long revision) {
        Result existing = Queries.keyspace(buf, c.keyspace());
        if (existing instanceof Result.KeyspaceInfo k) {
            if (k.consistency() == c.consistency() && k.replicas() == c.replicas()) {
                return k;
            }
            return new Result.Error(ErrorCode.KEYSPACE_EXISTS, "keyspace \"" + c.keyspace() + "\" exists as " + k.consistency()
                    + " with replicas " + k.replicas() + ", expected a new name or the same settings (got " + c.consistency()
                    + " with replicas " + c.replicas() + ")");
        }
        Result.Error e = (Result.Error) existing;
        if (e.code() != ErrorCode.KEYSPACE_NOT_FOUND) {
            return e;
        }
        buf.put(Family.DATA, Keys.keyspace(c.keyspace()), Records.keyspace(new Records.KeyspaceRecord(c.consistency(), c.replicas(), revision)));
        return new Result.KeyspaceInfo(c.keyspace(), c.consistency(), c.replicas(), true);
    }

    static Result increment(WriteBuffer buf, Command.CounterIncrement c, long revision) {
        byte[] key = Keys.key(c.keyspace(), c.key());
        byte[] v = buf.get(Family.DATA, key);
        long old = 0;
        if (v != null) {
            Records.KeyRecord r = Records.key(v);
            if (r.kind() != Result.KeyKind.COUNTER) {
                return Queries.wrongType(c.key(), r.kind());
            }
            old = r.counter();
        }
        long sum = old + c.delta();
        if (((old ^ sum) & (c.delta() ^ sum)) < 0) {
            return new Result.Error(ErrorCode.COUNTER_OVERFLOW, "expected the counter to stay within the 64-bit signed range: "
                    + old + " + " + c.delta() + " overflows; nothing was applied");
        }
        buf.put(Family.DATA, key, Records.counter(revision, sum));
        return new Result.CounterValue(c.key(), sum, revision);
    }

    static Result put(WriteBuffer buf, Command.ValuePut c, long revision) {
        byte[] key = Keys.key(c.keyspace(), c.key());
        byte[] v = buf.get(Family.DATA, key);
        Records.KeyRecord cur = v == null ? null : Records.key(v);
        if (cur != null && cur.kind() != Result.KeyKind.VALUE) {
            return Queries.wrongType(c.key(), cur.kind());
        }
        Result.Error e = condition(c.key(), cur, c.condition());
        if (e != null) {
            return e;
        }
        buf.put(Family.DATA, key, Records.value(revision, c.contentType(), c.value()));
        return new Result.ValueWritten(c.key(), revision);
    }

    static Result delete(WriteBuffer buf, Command.ValueDelete c) {
        byte[] key = Keys.key(c.keyspace(), c.key());
        byte[] v = buf.get(Family.DATA, key);
        Records.KeyRecord cur = v == null ? null : Records.key(v);
        Result.Error e = condition(c.key(), cur, c.condition());
        if (e != null) {
            return e;
        }
        if (cur == null) {
            return new Result.Deleted(c.key(), false);
        }
        buf.delete(Family.DATA, key);
        return new Result.Deleted(c.key(), true);
    }

    private static Result.Error condition(String key, Records.KeyRecord cur, Condition condition) {
        return switch (condition) {
            case Condition.None n -> null;
            case Condition.IfMatch m -> cur == null
                    ? new Result.Error(ErrorCode.VERSION_MISMATCH, "expected key \"" + Queries.abbreviate(key) + "\" at version "
                            + m.version() + ", but it does not exist")
                    : cur.version() != m.version()
                            ? new Result.Error(ErrorCode.VERSION_MISMATCH, "expected key \"" + Queries.abbreviate(key) + "\" at version "
                                    + m.version() + ", but it is at version " + cur.version())
                            : null;
            case Condition.IfAbsent a -> cur == null ? null
                    : new Result.Error(ErrorCode.ALREADY_EXISTS, "expected key \"" + Queries.abbreviate(key)
                            + "\" not to exist (If-None-Match: *), but it is at version " + cur.version());
        };
    }
}
