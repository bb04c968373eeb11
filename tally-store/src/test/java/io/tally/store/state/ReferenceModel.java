package io.tally.store.state;

import io.tally.store.command.Bytes;
import io.tally.store.command.ChunkRef;
import io.tally.store.command.Command;
import io.tally.store.command.Condition;
import io.tally.store.command.Consistency;
import io.tally.store.command.ErrorCode;
import io.tally.store.command.FileManifest;
import io.tally.store.command.Item;
import io.tally.store.command.ItemId;
import io.tally.store.command.Result;
import io.tally.store.command.Validation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data rules written the plain way, on Java maps, for the model test: no byte keys, no buffers, no
 * records. Errors are compared by code only (messages are the machine's business).
 */
final class ReferenceModel {
    static final Comparator<String> UTF8 = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private record Ks(Consistency consistency, int replicas) {
    }

    private record Val(boolean counter, long number, Bytes body, String contentType, long version) {
    }

    private record File(FileManifest manifest, long version) {
    }

    private final Map<String, Ks> keyspaces = new HashMap<>(Map.of("default", new Ks(Consistency.STRONG, 0)));
    private final Map<String, TreeMap<String, Val>> keys = new HashMap<>();
    private final Map<String, Map<ItemId, String>> items = new HashMap<>();
    private final Map<String, TreeMap<String, File>> files = new HashMap<>();
    private long revision;

    private TreeMap<String, Val> keys(String ks) {
        return keys.computeIfAbsent(ks, k -> new TreeMap<>(UTF8));
    }

    private TreeMap<String, File> files(String ks) {
        return files.computeIfAbsent(ks, k -> new TreeMap<>(UTF8));
    }

    private static Result err(ErrorCode code) {
        return new Result.Error(code, "");
    }

    /** Distinct chunk ids referenced by any file, for comparing with the CHUNK_REFS family. */
    TreeSet<String> referencedChunks() {
        TreeSet<String> out = new TreeSet<>();
        files.values().forEach(m -> m.values().forEach(f -> f.manifest().chunks().forEach(c -> out.add(c.hex()))));
        return out;
    }

    Result apply(Command command) {
        Result.Error invalid = Validation.check(command);
        if (invalid != null) {
            return err(invalid.code());
        }
        if (command instanceof Command.CreateKeyspace c) {
            Ks existing = keyspaces.get(c.keyspace());
            if (existing == null) {
                keyspaces.put(c.keyspace(), new Ks(c.consistency(), c.replicas()));
                revision++;
                return new Result.KeyspaceInfo(c.keyspace(), c.consistency(), c.replicas(), true);
            }
            return existing.equals(new Ks(c.consistency(), c.replicas()))
                    ? new Result.KeyspaceInfo(c.keyspace(), c.consistency(), c.replicas(), false) : err(ErrorCode.KEYSPACE_EXISTS);
        }
        Ks ks = keyspaces.get(command.keyspace());
        if (ks == null) {
            return err(ErrorCode.KEYSPACE_NOT_FOUND);
        }
        if (ks.consistency() != Consistency.STRONG) {
            return err(ErrorCode.KEYSPACE_NOT_STRONG);
        }
        return switch (command) {
            case Command.CreateKeyspace c -> throw new AssertionError(c);
            case Command.CounterIncrement c -> {
                Val v = keys(c.keyspace()).get(c.key());
                if (v != null && !v.counter()) {
                    yield err(ErrorCode.WRONG_TYPE);
                }
                long old = v == null ? 0 : v.number();
                long sum;
                try {
                    sum = Math.addExact(old, c.delta());
                } catch (ArithmeticException e) {
                    yield err(ErrorCode.COUNTER_OVERFLOW);
                }
                revision++;
                keys(c.keyspace()).put(c.key(), new Val(true, sum, Bytes.EMPTY, "", revision));
                yield new Result.CounterValue(c.key(), sum, revision);
            }
            case Command.CounterRead c -> {
                Val v = keys(c.keyspace()).get(c.key());
                yield v == null ? new Result.CounterValue(c.key(), 0, 0) : v.counter() ? new Result.CounterValue(c.key(), v.number(), v.version())
                        : err(ErrorCode.WRONG_TYPE);
            }
            case Command.ValuePut c -> {
                Val v = keys(c.keyspace()).get(c.key());
                if (v != null && v.counter()) {
                    yield err(ErrorCode.WRONG_TYPE);
                }
                Result.Error e = conditionFails(v, c.condition());
                if (e != null) {
                    yield e;
                }
                revision++;
                keys(c.keyspace()).put(c.key(), new Val(false, 0, c.value(), c.contentType(), revision));
                yield new Result.ValueWritten(c.key(), revision);
            }
            case Command.ValueGet c -> {
                Val v = keys(c.keyspace()).get(c.key());
                yield v == null ? err(ErrorCode.NOT_FOUND) : v.counter() ? err(ErrorCode.WRONG_TYPE)
                        : new Result.Value(c.key(), v.body(), v.contentType(), v.version());
            }
            case Command.ValueDelete c -> {
                Val v = keys(c.keyspace()).get(c.key());
                Result.Error e = conditionFails(v, c.condition());
                if (e != null) {
                    yield e;
                }
                if (v == null) {
                    yield new Result.Deleted(c.key(), false);
                }
                revision++;
                keys(c.keyspace()).remove(c.key());
                yield new Result.Deleted(c.key(), true);
            }
            case Command.ValueList c -> {
                List<String> names = page(keys(c.keyspace()).keySet(), c.prefix(), c.after(), c.limit() + 1);
                List<Result.KeyEntry> out = new ArrayList<>();
                for (String k : names.subList(0, Math.min(c.limit(), names.size()))) {
                    Val v = keys(c.keyspace()).get(k);
                    out.add(new Result.KeyEntry(k, v.counter() ? Result.KeyKind.COUNTER : Result.KeyKind.VALUE, v.version()));
                }
                yield new Result.KeyListing(out, names.size() > c.limit() ? names.get(c.limit() - 1) : "");
            }
            case Command.ItemsPut c -> {
                Map<ItemId, String> owner = items.computeIfAbsent(c.keyspace(), k -> new HashMap<>());
                boolean changed = false;
                for (Item i : c.items()) {
                    changed |= !i.tenant().equals(owner.put(i.id(), i.tenant()));
                }
                if (changed) {
                    revision++;
                }
                yield new Result.ItemsAccepted(c.items().size());
            }
            case Command.ItemCount c -> new Result.Count(c.tenant(),
                    items.getOrDefault(c.keyspace(), Map.of()).values().stream().filter(c.tenant()::equals).count());
            case Command.FilePut c -> {
                revision++;
                files(c.keyspace()).put(c.manifest().name(), new File(c.manifest(), revision));
                yield new Result.FileWritten(c.manifest().name(), revision, c.manifest().sizeBytes(), c.manifest().sha256());
            }
            case Command.FileGet c -> {
                File f = files(c.keyspace()).get(c.name());
                yield f == null ? err(ErrorCode.NOT_FOUND) : new Result.FileInfo(f.manifest(), f.version());
            }
            case Command.FileDelete c -> {
                boolean existed = files(c.keyspace()).remove(c.name()) != null;
                if (existed) {
                    revision++;
                }
                yield new Result.Deleted(c.name(), existed);
            }
            case Command.FileList c -> {
                List<String> names = page(files(c.keyspace()).keySet(), c.prefix(), c.after(), c.limit() + 1);
                List<Result.FileEntry> out = new ArrayList<>();
                for (String n : names.subList(0, Math.min(c.limit(), names.size()))) {
                    File f = files(c.keyspace()).get(n);
                    out.add(new Result.FileEntry(n, f.manifest().sizeBytes(), f.manifest().sha256(), f.manifest().contentType(), f.version()));
                }
                yield new Result.FileListing(out, names.size() > c.limit() ? names.get(c.limit() - 1) : "");
            }
        };
    }

    private static List<String> page(java.util.Set<String> names, String prefix, String after, int max) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (out.size() == max) {
                break;
            }
            if (n.startsWith(prefix) && (after.isEmpty() || UTF8.compare(n, after) > 0)) {
                out.add(n);
            }
        }
        return out;
    }

    private static Result.Error conditionFails(Val v, Condition c) {
        return switch (c) {
            case Condition.None n -> null;
            case Condition.IfAbsent a -> v == null ? null : new Result.Error(ErrorCode.ALREADY_EXISTS, "");
            case Condition.IfMatch m -> v != null && v.version() == m.version() ? null : new Result.Error(ErrorCode.VERSION_MISMATCH, "");
        };
    }

    static Result comparable(Result r) {
        return r instanceof Result.Error e ? new Result.Error(e.code(), "") : r;
    }

    static List<String> chunkIds(List<ChunkRef> chunks) {
        return chunks.stream().map(ChunkRef::hex).toList();
    }
}
