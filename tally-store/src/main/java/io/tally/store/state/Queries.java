package io.tally.store.state;

import io.tally.store.command.Command;
import io.tally.store.command.Consistency;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.Result;
import io.tally.store.command.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads of the strong keyspaces over committed state: what the runtime serves after a ReadIndex (or locally
 * for {@code ?consistency=serializable}), and what {@link DataStateMachine} answers for a read command in the
 * log. Same validation and errors as the write path. Pure; any thread the {@link StateReader} allows.
 */
public final class Queries {
    /** The keyspace {@code /v1/...} addresses: strong, built in, never created. */
    public static final String DEFAULT_KEYSPACE = "default";

    private Queries() {
    }

    /**
     * Answers a read command ({@link Command#isRead()}).
     *
     * @throws IllegalArgumentException if {@code command} is a write
     */
    public static Result read(StateReader state, Command command) {
        if (!command.isRead()) {
            throw new IllegalArgumentException("expected a read command, got " + command.getClass().getSimpleName());
        }
        Result.Error e = Validation.check(command);
        if (e == null) {
            e = strongKeyspace(state, command.keyspace());
        }
        if (e != null) {
            return e;
        }
        return switch (command) {
            case Command.CounterRead c -> counter(state, c);
            case Command.ValueGet c -> value(state, c);
            case Command.ValueList c -> keys(state, c);
            case Command.ItemCount c -> {
                byte[] v = state.get(Family.DATA, Keys.tenantCount(c.keyspace(), c.tenant()));
                yield new Result.Count(c.tenant(), v == null ? 0 : Records.count(v));
            }
            case Command.FileGet c -> {
                byte[] v = state.get(Family.DATA, Keys.file(c.keyspace(), c.name()));
                if (v == null) {
                    yield notFound("file", c.name());
                }
                Records.FileRecord f = Records.file(v);
                yield new Result.FileInfo(f.manifest(), f.version());
            }
            case Command.FileList c -> files(state, c);
            case Command.CreateKeyspace c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.CounterIncrement c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.ValuePut c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.ValueDelete c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.ItemsPut c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.FilePut c -> throw new IllegalArgumentException("not a read: " + c);
            case Command.FileDelete c -> throw new IllegalArgumentException("not a read: " + c);
        };
    }

    /** A keyspace's settings (strong or eventual), or {@link ErrorCode#KEYSPACE_NOT_FOUND}. */
    public static Result keyspace(StateReader state, String name) {
        if (DEFAULT_KEYSPACE.equals(name)) {
            return new Result.KeyspaceInfo(name, Consistency.STRONG, 0, false);
        }
        Result.Error e = Validation.keyspaceName(name);
        if (e != null) {
            return e;
        }
        byte[] v = state.get(Family.DATA, Keys.keyspace(name));
        if (v == null) {
            return new Result.Error(ErrorCode.KEYSPACE_NOT_FOUND, "expected an existing keyspace, \"" + name
                    + "\" does not exist (create it with POST /v1/keyspaces)");
        }
        Records.KeyspaceRecord k = Records.keyspace(v);
        return new Result.KeyspaceInfo(name, k.consistency(), k.replicas(), false);
    }

    /** Every keyspace in name order, "default" first. */
    public static List<Result.KeyspaceInfo> keyspaces(StateReader state, int limit) {
        List<Result.KeyspaceInfo> out = new ArrayList<>();
        out.add(new Result.KeyspaceInfo(DEFAULT_KEYSPACE, Consistency.STRONG, 0, false));
        for (KeyValue kv : state.scan(Family.DATA, new byte[] {Keys.KEYSPACE}, null, limit)) {
            Records.KeyspaceRecord k = Records.keyspace(kv.value());
            out.add(new Result.KeyspaceInfo(Keys.suffix(kv.key(), 1), k.consistency(), k.replicas(), false));
        }
        return out;
    }

    /** True while any file references the chunk with hex id {@code chunkHex}. */
    public static boolean chunkReferenced(StateReader state, String chunkHex) {
        return !state.scan(Family.CHUNK_REFS, Keys.chunkRefPrefix(chunkHex), null, 1).isEmpty();
    }

    /** How many files reference the chunk (counted up to {@code max}). */
    public static int chunkReferences(StateReader state, String chunkHex, int max) {
        return state.scan(Family.CHUNK_REFS, Keys.chunkRefPrefix(chunkHex), null, max).size();
    }

    /** Null if {@code keyspace} exists and is strong, else the error to answer. */
    static Result.Error strongKeyspace(StateReader state, String keyspace) {
        Result r = keyspace(state, keyspace);
        if (r instanceof Result.Error e) {
            return e;
        }
        Result.KeyspaceInfo k = (Result.KeyspaceInfo) r;
        return k.consistency() == Consistency.STRONG ? null : new Result.Error(ErrorCode.KEYSPACE_NOT_STRONG,
                "expected a strong keyspace for this command, \"" + keyspace + "\" is eventual (served by gossip, not Raft)");
    }

    static Result.Error notFound(String what, String name) {
        return new Result.Error(ErrorCode.NOT_FOUND, what + " \"" + abbreviate(name) + "\" does not exist");
    }

    static Result.Error wrongType(String key, Result.KeyKind actual) {
        return new Result.Error(ErrorCode.WRONG_TYPE, "key \"" + abbreviate(key) + "\" holds a " + actual.name().toLowerCase(java.util.Locale.ROOT)
                + ", expected a " + (actual == Result.KeyKind.COUNTER ? "value" : "counter"));
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private static Result counter(StateReader state, Command.CounterRead c) {
        byte[] v = state.get(Family.DATA, Keys.key(c.keyspace(), c.key()));
        if (v == null) {
            return new Result.CounterValue(c.key(), 0, 0);
        }
        Records.KeyRecord r = Records.key(v);
        return r.kind() == Result.KeyKind.COUNTER ? new Result.CounterValue(c.key(), r.counter(), r.version()) : wrongType(c.key(), r.kind());
    }

    private static Result value(StateReader state, Command.ValueGet c) {
        byte[] v = state.get(Family.DATA, Keys.key(c.keyspace(), c.key()));
        if (v == null) {
            return notFound("key", c.key());
        }
        Records.KeyRecord r = Records.key(v);
        return r.kind() == Result.KeyKind.VALUE ? new Result.Value(c.key(), r.value(), r.contentType(), r.version()) : wrongType(c.key(), r.kind());
    }

    private record Page(List<KeyValue> entries, String nextAfter, int scopeLength) {
    }

    /** One page of the keys of {@code type} in a keyspace starting with {@code prefix}, strictly after {@code after}. */
    private static Page page(StateReader state, byte type, String keyspace, String prefix, String after, int limit) {
        byte[] scope = Keys.scoped(type, keyspace);
        byte[] scanPrefix = Keys.concat(scope, Keys.utf8(prefix));
        byte[] from = after.isEmpty() ? scanPrefix : Keys.successor(Keys.concat(scope, Keys.utf8(after)));
        if (Arrays.compareUnsigned(from, scanPrefix) < 0) {
            from = scanPrefix;
        }
        List<KeyValue> got = state.scan(Family.DATA, scanPrefix, from, limit + 1);
        if (got.size() <= limit) {
            return new Page(got, "", scope.length);
        }
        List<KeyValue> entries = got.subList(0, limit);
        return new Page(entries, Keys.suffix(entries.get(limit - 1).key(), scope.length), scope.length);
    }

    private static Result keys(StateReader state, Command.ValueList c) {
        Page p = page(state, Keys.KEY, c.keyspace(), c.prefix(), c.after(), c.limit());
        List<Result.KeyEntry> keys = new ArrayList<>(p.entries().size());
        for (KeyValue kv : p.entries()) {
            Records.KeyRecord r = Records.key(kv.value());
            keys.add(new Result.KeyEntry(Keys.suffix(kv.key(), p.scopeLength()), r.kind(), r.version()));
        }
        return new Result.KeyListing(keys, p.nextAfter());
    }

    private static Result files(StateReader state, Command.FileList c) {
        Page p = page(state, Keys.FILE, c.keyspace(), c.prefix(), c.after(), c.limit());
        List<Result.FileEntry> files = new ArrayList<>(p.entries().size());
        for (KeyValue kv : p.entries()) {
            Records.FileRecord f = Records.file(kv.value());
            files.add(new Result.FileEntry(f.manifest().name(), f.manifest().sizeBytes(), f.manifest().sha256(), f.manifest().contentType(), f.version()));
        }
        return new Result.FileListing(files, p.nextAfter());
    }
}
