package io.tally.store.command;

import java.util.List;
import java.util.Objects;

/**
 * What applying a {@link Command} answered. Every failure is an {@link Error} with a stable {@link ErrorCode}
 * and a message that says what was expected; a failed command changed nothing.
 */
public sealed interface Result {

    /** True unless this is an {@link Error}. */
    default boolean ok() {
        return !(this instanceof Error);
    }

    /** A keyspace's settings; {@code created} is false when it already existed with these settings. */
    record KeyspaceInfo(String name, Consistency consistency, int replicas, boolean created) implements Result {
        public KeyspaceInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(consistency, "consistency");
        }
    }

    /** A counter's value after the command; {@code version} is 0 for a counter never written. */
    record CounterValue(String key, long value, long version) implements Result {
        public CounterValue {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A value was written with the new {@code version}. */
    record ValueWritten(String key, long version) implements Result {
        public ValueWritten {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A value read. */
    record Value(String key, Bytes value, String contentType, long version) implements Result {
        public Value {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /** A delete answer; {@code existed} is false when there was nothing to delete. */
    record Deleted(String key, boolean existed) implements Result {
        public Deleted {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Kind of a key. */
    enum KeyKind {
        COUNTER,
        VALUE
    }

    /** One key of a listing. */
    record KeyEntry(String key, KeyKind kind, long version) {
        public KeyEntry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A page of keys; {@code nextAfter} is the continuation token ("" when this is the last page). */
    record KeyListing(List<KeyEntry> keys, String nextAfter) implements Result {
        public KeyListing {
            keys = List.copyOf(keys);
            Objects.requireNonNull(nextAfter, "nextAfter");
        }
    }

    /** An items batch was applied; {@code accepted} is the batch size. */
    record ItemsAccepted(int accepted) implements Result {
    }

    /** A tenant's item count. */
    record Count(String tenant, long count) implements Result {
        public Count {
            Objects.requireNonNull(tenant, "tenant");
        }
    }

    /** A file was stored with the new {@code version}. */
    record FileWritten(String name, long version, long sizeBytes, Bytes sha256) implements Result {
        public FileWritten {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A file's manifest and version. */
    record FileInfo(FileManifest manifest, long version) implements Result {
        public FileInfo {
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /** One file of a listing. */
    record FileEntry(String name, long sizeBytes, Bytes sha256, String contentType, long version) {
        public FileEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /** A page of files; {@code nextAfter} as in {@link KeyListing}. */
    record FileListing(List<FileEntry> files, String nextAfter) implements Result {
        public FileListing {
            files = List.copyOf(files);
            Objects.requireNonNull(nextAfter, "nextAfter");
        }
    }

    /** A failure: nothing was applied. */
    record Error(ErrorCode code, String message) implements Result {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
