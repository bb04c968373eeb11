package io.tally.storage.wal;

import java.io.IOException;

/**
 * The one error storage decoders declare: bytes that are not what was written. Names the file and the
 * byte offset and, when it means acknowledged data may be lost, tells the operator how to rebuild the
 * node from the cluster.
 */
public final class WalCorruptionException extends IOException {

    private final String file;
    private final long offset;
    private final String reason;

    public WalCorruptionException(String file, long offset, String reason) {
        super(file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    private WalCorruptionException(String file, long offset, String reason, String message) {
        super(message);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
    }

    /** The refusal to start: same location, with the operator's instructions. */
    public static WalCorruptionException refuseToStart(String file, long offset, String reason, String dataDir) {
        String msg = "refusing to start: storage is corrupt in " + file + " at offset " + offset + ": " + reason
                + ". Data this node acknowledged may be lost, so it must not serve."
                + " To rebuild it from the cluster: stop the node, move or remove its data directory (" + dataDir
                + "), and start it again with --join <address of a live member>; it rejoins empty and receives a snapshot"
                + " and the log from the leader. Do not edit or truncate the file by hand.";
        return new WalCorruptionException(file, offset, reason, msg);
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
