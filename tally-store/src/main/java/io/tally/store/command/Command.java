package io.tally.store.command;

import java.util.List;
import java.util.Objects;

/**
 * A command on a strong keyspace, carried in a Raft log entry ({@link io.tally.store.codec.CommandCodec}) and
 * applied by {@link io.tally.store.state.DataStateMachine}. Records only check for nulls; the rules on sizes,
 * names and limits are in {@link Validation}, so that bad input becomes an error result, never an exception
 * on the apply path. Reads ({@link #isRead()}) change nothing; they exist so a read can also go through the
 * log (the runtime normally serves them with ReadIndex through {@link io.tally.store.state.Queries}).
 */
public sealed interface Command {

    /** The keyspace the command addresses (for {@link CreateKeyspace}, the one it creates). */
    String keyspace();

    /** True if applying the command never writes. */
    default boolean isRead() {
        return switch (this) {
            case CounterRead c -> true;
            case ValueGet c -> true;
            case ValueList c -> true;
            case ItemCount c -> true;
            case FileGet c -> true;
            case FileList c -> true;
            case CreateKeyspace c -> false;
            case CounterIncrement c -> false;
            case ValuePut c -> false;
            case ValueDelete c -> false;
            case ItemsPut c -> false;
            case FilePut c -> false;
            case FileDelete c -> false;
        };
    }

    /**
     * Creates keyspace {@code keyspace}; creating an existing one with the same settings is a no-op answer.
     *
     * @param replicas replication factor, 0 = every voter of the Raft group (strong) / the default (eventual)
     */
    record CreateKeyspace(String keyspace, Consistency consistency, int replicas) implements Command {
        public CreateKeyspace {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(consistency, "consistency");
        }
    }

    /** Adds {@code delta} (64-bit signed) to a counter; a missing counter is 0; overflow is an error. */
    record CounterIncrement(String keyspace, String key, long delta) implements Command {
        public CounterIncrement {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Reads a counter (0 when missing). */
    record CounterRead(String keyspace, String key) implements Command {
        public CounterRead {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Puts a value under a condition; {@code contentType} is kept and returned by reads ("" = none). */
    record ValuePut(String keyspace, String key, Bytes value, String contentType, Condition condition) implements Command {
        public ValuePut {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** Reads a value with its version and content type. */
    record ValueGet(String keyspace, String key) implements Command {
        public ValueGet {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Deletes a value or counter, unconditionally or {@link Condition.IfMatch}. */
    record ValueDelete(String keyspace, String key, Condition condition) implements Command {
        public ValueDelete {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /**
     * Lists keys starting with {@code prefix} in key order (unsigned UTF-8 bytes), strictly after
     * {@code after} ("" = from the start; the previous page's continuation token), at most {@code limit}.
     */
    record ValueList(String keyspace, String prefix, String after, int limit) implements Command {
        public ValueList {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(after, "after");
        }
    }

    /** Applies a batch of items all-or-nothing, in order: an id's last tenant in commit order wins. */
    record ItemsPut(String keyspace, List<Item> items) implements Command {
        public ItemsPut {
            Objects.requireNonNull(keyspace, "keyspace");
            items = List.copyOf(items);
        }
    }

    /** Reads how many items a tenant holds. */
    record ItemCount(String keyspace, String tenant) implements Command {
        public ItemCount {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /** Puts or replaces a file by its manifest; every chunk must already be stored on the replicas. */
    record FilePut(String keyspace, FileManifest manifest) implements Command {
        public FilePut {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /** Reads a file's manifest. */
    record FileGet(String keyspace, String name) implements Command {
        public FileGet {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Deletes a file; its chunks lose this file's references. */
    record FileDelete(String keyspace, String name) implements Command {
        public FileDelete {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(name, "name");
        }
    }

    /** Lists files like {@link ValueList} lists keys. */
    record FileList(String keyspace, String prefix, String after, int limit) implements Command {
        public FileList {
            Objects.requireNonNull(keyspace, "keyspace");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(after, "after");
        }
    }
}
