package io.tally.raft;

/** Kind of a log entry. */
public enum EntryType {
    /** An application command; {@link Entry#data()} is opaque to Raft. */
    NORMAL,
    /** The no-op a new leader appends to commit entries of earlier terms; the application skips it. */
    NOOP,
    /** A membership configuration; {@link Entry#data()} is {@link Configuration#encode()}. Takes effect when appended. */
    CONFIG
}
