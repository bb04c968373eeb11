package io.tally.gossip;

import java.util.Objects;

/**
 * Application metadata that travels with a member's alive announcement: its client endpoints,
 * whether it may vote in the Raft group, and its software version. Immutable; any thread.
 *
 * @param httpAddress host:port of the HTTP/JSON API, or empty
 * @param respAddress host:port of the Redis protocol listener, or empty
 * @param voter whether this member is eligible to become a Raft voter
 * @param version software version string, or empty
 */
public record NodeMeta(String httpAddress, String respAddress, boolean voter, String version) {
    /** Metadata with no endpoints, not a voter, no version. */
    public static final NodeMeta EMPTY = new NodeMeta("", "", false, "");

    public NodeMeta {
        Objects.requireNonNull(httpAddress, "httpAddress (use \"\" when absent)");
        Objects.requireNonNull(respAddress, "respAddress (use \"\" when absent)");
        Objects.requireNonNull(version, "version (use \"\" when absent)");
    }

    /** Estimated encoded size in bytes (protobuf-like field costs). */
    public int sizeBytes() {
        return Sizes.string(httpAddress) + Sizes.string(respAddress) + 2 + Sizes.string(version);
    }
}
