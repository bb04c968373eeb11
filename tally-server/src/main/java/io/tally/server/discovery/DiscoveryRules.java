package io.tally.server.discovery;

import io.tally.server.config.HostPort;
import io.tally.wire.proto.DiscoveryAnswer;
import io.tally.wire.proto.DiscoveryRequest;
import java.util.Optional;

/** The pure decisions of discovery: whom to answer, which answers to take, how long to wait. Any thread. */
public final class DiscoveryRules {
    /** First retry delay of discovery requests (ms); doubles up to {@link #RETRY_MAX_MS}. */
    public static final long RETRY_FIRST_MS = 250;
    public static final long RETRY_MAX_MS = 4_000;

    private DiscoveryRules() {}

    /** Delay before request number {@code attempt + 1} (attempt counts from 0). */
    public static long retryDelayMs(int attempt) {
        if (attempt >= 5) {
            return RETRY_MAX_MS;
        }
        return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS << attempt);
    }

    /** Whether this node answers a request: same cluster name, and not its own request. */
    public static boolean answers(DiscoveryRequest r, String clusterName, String selfNodeId) {
        return r.getClusterName().equals(clusterName) && !r.getNodeId().equals(selfNodeId);
    }

    /** The peer address an answer offers, if it answers our request (cluster, nonce) from another node. */
    public static Optional<HostPort> accept(DiscoveryAnswer a, String clusterName, String selfNodeId, long nonce) {
        if (!a.getClusterName().equals(clusterName) || a.getNodeId().equals(selfNodeId) || a.getNonce() != nonce) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostPort.parse(a.getPeerAddress()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
