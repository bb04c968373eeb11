package io.tally.server.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of a node. Each key is both a command-line flag ({@code --key}) and a top-level key of
 * the YAML config file, spelled the same; {@link #MEMBERS} exists only in the file. The default is given
 * as the operator would write it (null when the setting is optional or derived).
 */
public enum ConfigKey {
    ID("id", null, "node id (letters, digits, '_', '.', '-'); on a restart it may be omitted; a first start without it generates one"),
    CLUSTER("cluster", "tally", "cluster name; nodes of another cluster are refused"),
    DATA_DIR("data-dir", null, "directory of the node's identity, lock, log and state (required)"),
    HTTP("http", "127.0.0.1:7001", "HOST:PORT of the HTTP/JSON API"),
    PEER("peer", "127.0.0.1:7101", "HOST:PORT of the peer transport (TCP) and of gossip (UDP)"),
    RESP("resp", null, "HOST:PORT of the Redis protocol server (off when unset)"),
    JOIN("join", null, "peer addresses (HOST:PORT, comma-separated or a YAML list) of members to join through"),
    DISCOVER("discover", "false", "find members by UDP broadcast on the local network"),
    BOOTSTRAP_EXPECT("bootstrap-expect", null, "form the Raft group once this many voters know each other (1-99)"),
    ELECTION_TIMEOUT("election-timeout", "200ms", "Raft election timeout base (randomised up to twice this)"),
    HEARTBEAT_INTERVAL("heartbeat-interval", "50ms", "Raft leader heartbeat interval (less than election-timeout)"),
    SNAPSHOT_ENTRIES("snapshot-entries", "10000", "applied Raft entries between snapshots; the log before a snapshot is then discarded (10-1000000000)"),
    PROBE_INTERVAL("probe-interval", "1s", "SWIM failure-detector probe interval"),
    PROBE_TIMEOUT("probe-timeout", "500ms", "SWIM probe ack timeout (less than probe-interval)"),
    SUSPICION_MULTIPLIER("suspicion-multiplier", "4", "SWIM: a suspect is declared dead after this many probe intervals x log(n)"),
    GOSSIP_FANOUT("gossip-fanout", "3", "members each gossip round is sent to"),
    RETRANSMIT_MULTIPLIER("retransmit-multiplier", "4", "a gossiped update is retransmitted this many x log(n) times"),
    INDIRECT_PROBES("indirect-probes", "3", "SWIM: members asked to probe a silent member indirectly (k)"),
    SUSPICION_MAX_MULTIPLIER("suspicion-max-multiplier", "6", "Lifeguard: suspicion timeouts start this many times the minimum and shrink with confirmations"),
    REAP_TIME("reap-time", "60s", "dead and left members are forgotten this long after they died or left"),
    DATAGRAM_SIZE("datagram-size", "1400", "largest gossip UDP datagram in bytes (safe UDP payload size)"),
    PUSH_PULL_INTERVAL("push-pull-interval", "30s", "period of full membership exchanges with one random member over TCP"),
    JOIN_TIMEOUT("join-timeout", "60s", "how long --join retries before it reports that no member answered"),
    DISCOVER_TIMEOUT("discover-timeout", "30s", "how long --discover broadcasts before it reports that no one answered"),
    DISCOVERY_PORT("discovery-port", "7199", "UDP port of --discover requests and answers (broadcast and multicast)"),
    REPLICATION_FACTOR("replication-factor", "3", "default number of replicas of an eventual keyspace"),
    FSYNC("fsync", "true", "fsync the log before acknowledging writes (false only for throwaway test clusters)"),
    REQUEST_BODY_MAX("request-body-max", "4MiB", "largest HTTP request body accepted (larger gets 413)"),
    LOG_LEVEL("log-level", "info", "log level: error, warn, info, debug or trace"),
    MEMBERS("members", null, "config file only: initial members, a list of {id, peer, http, resp}");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The flag name without dashes, and the config file key. */
    public String key() {
        return key;
    }

    /** The flag as typed on the command line, e.g. {@code --data-dir}. */
    public String flag() {
        return "--" + key;
    }

    /** The default as the operator would write it, or null when none. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The key spelled {@code name}, if any. */
    public static Optional<ConfigKey> byKey(String name) {
        return Arrays.stream(values()).filter(k -> k.key.equals(name)).findFirst();
    }
}
