package io.tally.cli;

import io.tally.server.NodeStartException;
import io.tally.server.config.ConfigException;
import io.tally.server.config.NodeConfig;
import io.tally.server.config.NodeConfigLoader;
import io.tally.server.runtime.Logging;
import io.tally.server.runtime.TallyNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally node}: runs one node until SIGTERM or Ctrl-C. Every option is also a key of the YAML file
 * given by {@code --config} (flags win); values are checked by {@link NodeConfigLoader}, not by picocli,
 * so the file and the flags are refused with the same messages. Exit codes: 0 after a clean stop, 1 when
 * the node cannot start (busy port, locked data dir, ...), 2 for a bad configuration, 70 after an
 * internal error. Runs on the main thread, which waits for the node to stop.
 */
@Command(name = "node", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Run a Tally node (stops cleanly on SIGTERM or Ctrl-C).",
    footer = {"", "Durations take a unit (200ms, 2s, 1m); sizes take B, KiB, MiB or GiB.",
        "Every option is also a key of the --config YAML file, which may also list the initial members:",
        "  members: [{id: n1, peer: 10.0.0.1:7101, http: 10.0.0.1:7001}, ...]",
        "See docs/operations.md for every setting."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--id", paramLabel = "ID", description = "Node id (stored in the data dir on the first start).")
    String id;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the node's identity and data (required).")
    String dataDir;
    @Option(names = "--http", paramLabel = "HOST:PORT", description = "HTTP API address (default 127.0.0.1:7001).")
    String http;
    @Option(names = "--peer", paramLabel = "HOST:PORT", description = "Peer TCP and gossip UDP address (default 127.0.0.1:7101).")
    String peer;
    @Option(names = "--resp", paramLabel = "HOST:PORT", description = "Redis protocol address (off by default).")
    String resp;
    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",", description = "Peer address(es) of members to join through.")
    List<String> join;
    @Option(names = "--discover", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "Find members by UDP broadcast.")
    String discover;
    @Option(names = "--bootstrap-expect", paramLabel = "N", description = "Form the Raft group once N voters know each other.")
    String bootstrapExpect;
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (flags override it).")
    Path config;
    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name (default tally).")
    String cluster;
    @Option(names = "--election-timeout", paramLabel = "DURATION", description = "Raft election timeout base (default 200ms).")
    String electionTimeout;
    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", description = "Raft heartbeat interval (default 50ms).")
    String heartbeatInterval;
    @Option(names = "--probe-interval", paramLabel = "DURATION", description = "SWIM probe interval (default 1s).")
    String probeInterval;
    @Option(names = "--probe-timeout", paramLabel = "DURATION", description = "SWIM probe timeout (default 500ms).")
    String probeTimeout;
    @Option(names = "--suspicion-multiplier", paramLabel = "N", description = "SWIM suspicion multiplier (default 4).")
    String suspicionMultiplier;
    @Option(names = "--gossip-fanout", paramLabel = "N", description = "Members per gossip round (default 3).")
    String gossipFanout;
    @Option(names = "--retransmit-multiplier", paramLabel = "N", description = "Gossip retransmit multiplier (default 4).")
    String retransmitMultiplier;
    @Option(names = "--replication-factor", paramLabel = "N", description = "Replicas of an eventual keyspace (default 3).")
    String replicationFactor;
    @Option(names = "--fsync", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
        description = "fsync before acknowledging writes (default true).")
    String fsync;
    @Option(names = "--request-body-max", paramLabel = "SIZE", description = "Largest HTTP request body (default 4MiB).")
    String requestBodyMax;
    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info, debug or trace (default info).")
    String logLevel;

    /** The flags given, as config keys to raw text (what {@link NodeConfigLoader} reads). */
    Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "id", id);
        put(m, "cluster", cluster);
        put(m, "data-dir", dataDir);
        put(m, "http", http);
        put(m, "peer", peer);
        put(m, "resp", resp);
        put(m, "join", join == null ? null : String.join(",", join));
        put(m, "discover", discover);
        put(m, "bootstrap-expect", bootstrapExpect);
        put(m, "election-timeout", electionTimeout);
        put(m, "heartbeat-interval", heartbeatInterval);
        put(m, "probe-interval", probeInterval);
        put(m, "probe-timeout", probeTimeout);
        put(m, "suspicion-multiplier", suspicionMultiplier);
        put(m, "gossip-fanout", gossipFanout);
        put(m, "retransmit-multiplier", retransmitMultiplier);
        put(m, "replication-factor", replicationFactor);
        put(m, "fsync", fsync);
        put(m, "request-body-max", requestBodyMax);
        put(m, "log-level", logLevel);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig cfg;
        try {
            cfg = NodeConfigLoader.load(flags(), Optional.ofNullable(config));
        } catch (ConfigException e) {
            System.err.println("tally node: " + e.getMessage());
            return 2;
        }
        Logging.setLevel(cfg.logLevel());
        TallyNode node;
        try {
            node = TallyNode.start(cfg);
        } catch (NodeStartException e) {
            System.err.println("tally node: " + e.getMessage());
            return e.exitCode();
        }
        Signals.onTermination("node-shutdown", node::close);
        node.awaitStopped();
        return node.exitCode();
    }
}
