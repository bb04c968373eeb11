package io.tally.store.command;

import java.util.List;

/**
 * The input rules of every command, checked before anything is applied (the HTTP layer may call
 * {@link #check} too, to answer 400/413 without a round trip through the log). Pure; any thread.
 */
public final class Validation {

    private Validation() {
    }

    /** The first rule {@code command} breaks, or null when it is valid. */
    public static Result.Error check(Command command) {
        Result.Error e = keyspaceName(command.keyspace());
        if (e != null) {
            return e;
        }
        return switch (command) {
            case Command.CreateKeyspace c -> c.replicas() < 0 || c.replicas() > Limits.REPLICAS_MAX
                    ? invalid("expected replicas in 0.." + Limits.REPLICAS_MAX + " (0 = default), got " + c.replicas())
                    : null;
            case Command.CounterIncrement c -> key(c.key());
            case Command.CounterRead c -> key(c.key());
            case Command.ValuePut c -> firstOf(key(c.key()), value(c.value()), contentType(c.contentType()), condition(c.condition(), true));
            case Command.ValueGet c -> key(c.key());
            case Command.ValueDelete c -> firstOf(key(c.key()), condition(c.condition(), false));
            case Command.ValueList c -> listing(c.prefix(), c.after(), c.limit(), Limits.KEY_BYTES_MAX);
            case Command.ItemsPut c -> items(c.items());
            case Command.ItemCount c -> tenant(c.tenant(), "tenant");
            case Command.FilePut c -> manifest(c.manifest());
            case Command.FileGet c -> fileName(c.name());
            case Command.FileDelete c -> fileName(c.name());
            case Command.FileList c -> listing(c.prefix(), c.after(), c.limit(), Limits.FILE_NAME_BYTES_MAX);
        };
    }

    /** Keyspace names: 1..64 bytes of {@code [a-z0-9_-]}, starting with a letter or digit. */
    public static Result.Error keyspaceName(String name) {
        if (name.isEmpty() || name.length() > Limits.KEYSPACE_NAME_BYTES_MAX) {
            return invalid("expected a keyspace name of 1.." + Limits.KEYSPACE_NAME_BYTES_MAX + " characters, got " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            boolean alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
            if (!alnum && (i == 0 || (ch != '_' && ch != '-'))) {
                return invalid("expected a keyspace name of [a-z0-9_-] starting with a letter or digit, got \"" + abbreviate(name) + "\"");
            }
        }
        return null;
    }

    private static Result.Error key(String key) {
        return text(key, "key", 1, Limits.KEY_BYTES_MAX);
    }

    private static Result.Error fileName(String name) {
        return text(name, "file name", 1, Limits.FILE_NAME_BYTES_MAX);
    }

    private static Result.Error tenant(String tenant, String what) {
        return text(tenant, what, 1, Limits.TENANT_BYTES_MAX);
    }

    private static Result.Error value(Bytes value) {
        return value.length() > Limits.VALUE_BYTES_MAX
                ? new Result.Error(ErrorCode.TOO_LARGE, "expected a value of at most " + Limits.VALUE_BYTES_MAX + " bytes, got " + value.length())
                : null;
    }

    private static Result.Error contentType(String contentType) {
        if (contentType.length() > Limits.CONTENT_TYPE_BYTES_MAX) {
            return invalid("expected a content type of at most " + Limits.CONTENT_TYPE_BYTES_MAX + " characters, got " + contentType.length());
        }
        for (int i = 0; i < contentType.length(); i++) {
            char ch = contentType.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return invalid("expected a content type of printable ASCII, got character " + (int) ch + " at " + i);
            }
        }
        return null;
    }

    private static Result.Error condition(Condition condition, boolean put) {
        return switch (condition) {
            case Condition.None n -> null;
            case Condition.IfMatch m -> m.version() < 1 ? invalid("expected an If-Match version >= 1, got " + m.version()) : null;
            case Condition.IfAbsent a -> put ? null : invalid("expected no condition or If-Match on a delete, got If-None-Match");
        };
    }

    private static Result.Error listing(String prefix, String after, int limit, int bytesMax) {
        return firstOf(text(prefix, "prefix", 0, bytesMax), text(after, "continuation token", 0, bytesMax),
                limit < 1 || limit > Limits.LIST_LIMIT_MAX
                        ? invalid("expected a limit in 1.." + Limits.LIST_LIMIT_MAX + ", got " + limit) : null);
    }

    private static Result.Error items(List<Item> items) {
        if (items.size() > Limits.ITEMS_PER_BATCH_MAX) {
            return new Result.Error(ErrorCode.TOO_LARGE, "expected at most " + Limits.ITEMS_PER_BATCH_MAX + " items in a batch, got " + items.size());
        }
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Result.Error e = tenant(item.tenant(), "tenant of item " + i);
            if (e == null && item.id() instanceof ItemId.Str s) {
                e = text(s.value(), "string id of item " + i, 1, Limits.ITEM_ID_BYTES_MAX);
            }
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static Result.Error manifest(FileManifest m) {
        Result.Error e = firstOf(fileName(m.name()), contentType(m.contentType()), sha(m.sha256(), "file SHA-256"));
        if (e != null) {
            return e;
        }
        if (m.chunks().size() > Limits.CHUNKS_PER_FILE_MAX) {
            return new Result.Error(ErrorCode.TOO_LARGE, "expected at most " + Limits.CHUNKS_PER_FILE_MAX + " chunks in a file, got " + m.chunks().size());
        }
        long total = 0;
        for (int i = 0; i < m.chunks().size(); i++) {
            ChunkRef c = m.chunks().get(i);
            e = sha(c.sha256(), "SHA-256 of chunk " + i);
            if (e != null) {
                return e;
            }
            if (c.sizeBytes() < 1 || c.sizeBytes() > Limits.CHUNK_BYTES_MAX) {
                return invalid("expected chunk " + i + " to hold 1.." + Limits.CHUNK_BYTES_MAX + " bytes, got " + c.sizeBytes());
            }
            total += c.sizeBytes();
        }
        if (total != m.sizeBytes()) {
            return invalid("expected the file size " + m.sizeBytes() + " to equal the sum of its chunk sizes " + total);
        }
        return null;
    }

    private static Result.Error sha(Bytes sha, String what) {
        return sha.length() != Limits.SHA256_BYTES ? invalid("expected the " + what + " to be " + Limits.SHA256_BYTES + " bytes, got " + sha.length()) : null;
    }

    /** Text rule: well-formed UTF-16 (no lone surrogates), UTF-8 length in {@code min..max}, no NUL. */
    private static Result.Error text(String s, String what, int min, int max) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == 0) {
                return invalid("expected a " + what + " without NUL characters");
            }
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return invalid("expected a " + what + " of valid Unicode, got a lone surrogate at " + i);
            }
        }
        int bytes = utf8Length(s);
        if (bytes < min || bytes > max) {
            return invalid((min > 0 ? "expected a non-empty " : "expected a ") + what + " of at most " + max
                    + " UTF-8 bytes, got " + bytes);
        }
        return null;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static Result.Error firstOf(Result.Error... errors) {
        for (Result.Error e : errors) {
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    static Result.Error invalid(String message) {
        return new Result.Error(ErrorCode.INVALID_ARGUMENT, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
