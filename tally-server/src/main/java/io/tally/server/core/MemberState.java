package io.tally.server.core;

import java.util.Locale;

/** A member's liveness as this node sees it; {@link #wireName()} is the JSON spelling. */
public enum MemberState {
    /** This node itself, or a peer with an open, handshaken connection. */
    ALIVE,
    /** Known but not connected, for less than the dead-after time. */
    SUSPECT,
    /** Not connected for at least the dead-after time. */
    DEAD,
    /** Said it was leaving (graceful shutdown). */
    LEFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
