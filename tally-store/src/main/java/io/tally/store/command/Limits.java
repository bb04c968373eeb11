package io.tally.store.command;

/**
 * Size and count limits of the data layer, enforced by {@link Validation} (and bounded again by the codec
 * before it allocates). Byte limits count UTF-8 bytes.
 */
public final class Limits {
    /** Longest keyspace name; names are {@code [a-z0-9_-]}, starting with a letter or digit. */
    public static final int KEYSPACE_NAME_BYTES_MAX = 64;
    /** Longest counter or value key. */
    public static final int KEY_BYTES_MAX = 1024;
    /** Largest value body. */
    public static final int VALUE_BYTES_MAX = 1 << 20;
    /** Longest Content-Type of a value or file. */
    public static final int CONTENT_TYPE_BYTES_MAX = 256;
    /** Longest tenant name (a tenant must be non-empty). */
    public static final int TENANT_BYTES_MAX = 256;
    /** Longest string item id. */
    public static final int ITEM_ID_BYTES_MAX = 256;
    /** Most items in one batch. */
    public static final int ITEMS_PER_BATCH_MAX = 10_000;
    /** Largest page of a prefix listing. */
    public static final int LIST_LIMIT_MAX = 1000;
    /** Longest file name. */
    public static final int FILE_NAME_BYTES_MAX = 1024;
    /** Largest chunk of a file. */
    public static final int CHUNK_BYTES_MAX = 8 << 20;
    /** Most chunks in one file manifest. */
    public static final int CHUNKS_PER_FILE_MAX = 65_536;
    /** Most replicas a keyspace may ask for. */
    public static final int REPLICAS_MAX = 9;
    /** Length of a SHA-256 digest. */
    public static final int SHA256_BYTES = 32;
    /** Most commands the runtime may batch into one log entry. */
    public static final int COMMANDS_PER_ENTRY_MAX = 1024;
    /** Largest encoded command or result the codec accepts (a full file manifest fits). */
    public static final int COMMAND_BYTES_MAX = 4 << 20;

    private Limits() {
    }
}
