package io.tally.sim.data;

import io.tally.sim.linearizability.Model;
import io.tally.store.command.Bytes;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Value registers with versions on two keys: put, compare-and-set by version (If-Match, with the last version
 * the client saw or a stale one), get and delete. The model checks values, the versions reads report, that a
 * CAS succeeds exactly at the current version, and that versions only grow (also across deletes). Stateless.
 */
public final class RegisterWorkload implements DataWorkload<RegisterWorkload.Reg, RegisterWorkload.Op, RegisterWorkload.Out> {
    private static final String[] KEYS = {"r0", "r1"};

    /** A register operation. */
    public sealed interface Op {
        String key();
    }

    public record Put(String key, long value) implements Op {
    }

    public record PutIfVersion(String key, long expectedVersion, long value) implements Op {
    }

    public record Get(String key) implements Op {
    }

    public record Delete(String key) implements Op {
    }

    /** An answer. */
    public sealed interface Out {
    }

    public record Written(long version) implements Out {
    }

    public record Mismatch() implements Out {
    }

    public record Found(long value, long version) implements Out {
    }

    public record Absent() implements Out {
    }

    public record Deleted(boolean existed) implements Out {
    }

    /**
     * Model state of one key: whether it holds a value, the value, and the last version written to it (kept
     * after a delete, to check versions grow); {@code versionKnown} is false after a write whose answer is
     * unknown.
     */
    public record Reg(boolean present, long value, long version, boolean versionKnown) {
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public Op nextOp(Random random, Map<String, Long> lastVersions) {
        String key = KEYS[random.nextInt(KEYS.length)];
        int pick = random.nextInt(10);
        long value = random.nextInt(5);
        if (pick < 3) {
            return new Get(key);
        }
        if (pick < 5) {
            return new Put(key, value);
        }
        if (pick < 9) {
            long seen = lastVersions.getOrDefault(key, 1L);
            return new PutIfVersion(key, random.nextInt(4) == 0 ? Math.max(1, seen - 1) : seen, value);
        }
        return new Delete(key);
    }

    @Override
    public String key(Op op) {
        return op.key();
    }

    private static Bytes encode(long value) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(value).array());
    }

    @Override
    public Command command(Op op) {
        return switch (op) {
            case Put p -> new Command.ValuePut("default", p.key(), encode(p.value()), "application/octet-stream", Condition.NONE);
            case PutIfVersion p -> new Command.ValuePut("default", p.key(), encode(p.value()), "application/octet-stream",
                    new Condition.IfMatch(p.expectedVersion()));
            case Get g -> new Command.ValueGet("default", g.key());
            case Delete d -> new Command.ValueDelete("default", d.key(), Condition.NONE);
        };
    }

    @Override
    public Out output(Op op, Result result) {
        Out out = switch (result) {
            case Result.ValueWritten w when !(op instanceof Get) && !(op instanceof Delete) -> new Written(w.version());
            case Result.Error e when e.code() == ErrorCode.VERSION_MISMATCH && op instanceof PutIfVersion -> new Mismatch();
            case Result.Value v when op instanceof Get -> new Found(ByteBuffer.wrap(v.value().array()).getLong(), v.version());
            case Result.Error e when e.code() == ErrorCode.NOT_FOUND && op instanceof Get -> new Absent();
            case Result.Deleted d when op instanceof Delete -> new Deleted(d.existed());
            default -> null;
        };
        if (out == null) {
            throw new IllegalStateException("expected an answer to " + op + ", got " + result);
        }
        return out;
    }

    @Override
    public void observe(Op op, Out output, Map<String, Long> lastVersions) {
        switch (output) {
            case Written w -> lastVersions.put(op.key(), w.version());
            case Found f -> lastVersions.put(op.key(), f.version());
            case Mismatch m -> { }
            case Absent a -> { }
            case Deleted d -> { }
        }
    }

    @Override
    public Model<Reg, Op, Out> model() {
        return new RegisterModel();
    }

    /** The sequential specification of one versioned register. */
    static final class RegisterModel implements Model<Reg, Op, Out> {
        @Override
        public Reg initial() {
            return new Reg(false, 0, 0, true);
        }

        @Override
        public Reg step(Reg s, Op input, Out output) {
            return switch (input) {
                case Put p -> {
                    if (output == null) {
                        yield new Reg(true, p.value(), s.version(), false);
                    }
                    yield output instanceof Written w && grows(s, w.version()) ? new Reg(true, p.value(), w.version(), true) : null;
                }
                case PutIfVersion p -> {
                    boolean matches = s.present() && s.version() == p.expectedVersion();
                    boolean misses = !s.present() || (s.versionKnown() && s.version() != p.expectedVersion());
                    if (output == null) {
                        // ambiguous only when the version is unknown; the simulation completes every operation
                        yield matches && s.versionKnown() ? new Reg(true, p.value(), s.version(), false) : s;
                    }
                    if (output instanceof Written w) {
                        boolean can = s.present() && (!s.versionKnown() || matches) && grows(s, w.version());
                        yield can ? new Reg(true, p.value(), w.version(), true) : null;
                    }
                    yield output instanceof Mismatch && (misses || !s.versionKnown()) ? s : null;
                }
                case Get g -> {
                    if (output == null) {
                        yield s;
                    }
                    if (output instanceof Found f) {
                        boolean same = s.present() && s.value() == f.value() && (!s.versionKnown() || s.version() == f.version());
                        yield same ? new Reg(true, f.value(), f.version(), true) : null;
                    }
                    yield output instanceof Absent && !s.present() ? s : null;
                }
                case Delete d -> {
                    if (output == null) {
                        yield new Reg(false, 0, s.version(), s.versionKnown());
                    }
                    yield output instanceof Deleted del && del.existed() == s.present() ? new Reg(false, 0, s.version(), s.versionKnown()) : null;
                }
            };
        }

        private static boolean grows(Reg s, long version) {
            return !s.versionKnown() || version > s.version();
        }
    }
}
