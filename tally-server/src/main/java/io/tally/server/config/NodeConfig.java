package io.tally.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated, immutable configuration of one node. Built only by {@link NodeConfigLoader}, which
 * checks every value and the rules between them; see {@link ConfigKey} for meanings and defaults.
 * Units are in the component names. Immutable, any thread.
 *
 * @param nodeId the node id, or empty to take it from the data dir (or generate it on a first start)
 * @param bootstrapExpect number of voters that form the Raft group, empty when unset
 * @param members initial members from the config file, in file order, unique ids and peer addresses
 * @param join peer addresses to join through, in the order given, without duplicates
 * @param snapshotEveryEntries applied Raft entries between two snapshots of the state (then the log before is discarded)
 */
public record NodeConfig(
        Optional<String> nodeId,
        String clusterName,
        Path dataDir,
        HostPort http,
        HostPort peer,
        Optional<HostPort> resp,
        List<HostPort> join,
        boolean discover,
        OptionalInt bootstrapExpect,
        List<MemberSpec> members,
        long electionTimeoutMs,
        long heartbeatIntervalMs,
        long snapshotEveryEntries,
        long probeIntervalMs,
        long probeTimeoutMs,
        int suspicionMultiplier,
        int gossipFanout,
        int retransmitMultiplier,
        int replicationFactor,
        boolean fsync,
        int requestBodyBytesMax,
        String logLevel,
        GossipSettings gossip) {

    public NodeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(resp, "resp");
        Objects.requireNonNull(bootstrapExpect, "bootstrapExpect");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(gossip, "gossip");
        join = List.copyOf(join);
        members = List.copyOf(members);
    }

    /** This config with the node id fixed (used once the data dir's identity is known). */
    public NodeConfig withNodeId(String id) {
        return new NodeConfig(Optional.of(id), clusterName, dataDir, http, peer, resp, join, discover,
            bootstrapExpect, members, electionTimeoutMs, heartbeatIntervalMs, snapshotEveryEntries, probeIntervalMs, probeTimeoutMs,
            suspicionMultiplier, gossipFanout, retransmitMultiplier, replicationFactor, fsync,
            requestBodyBytesMax, logLevel, gossip);
    }
}
