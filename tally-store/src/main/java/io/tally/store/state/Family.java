package io.tally.store.state;

/**
 * Column family of a key; the names match {@code io.tally.storage.state.StateStore.Family}, so the runtime maps
 * one to the other by name.
 */
public enum Family {
    /** Keyspaces, counters, values, items, tenant counts, file manifests and the revision counter. */
    DATA,
    /** Exactly-once client sessions and their expiry index. */
    SESSIONS,
    /** One key per (chunk, file) reference: {@code <64 hex chars of the chunk SHA-256>/<keyspace>/<file name>}. */
    CHUNK_REFS
}
