package io.tally.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a {@link NodeConfig} from command-line flags and an optional YAML config file, in one place:
 * defaults, then the file, then the flags (flags win). Every refusal is a {@link ConfigException} naming
 * the flag ({@code --http}) or the file key ({@code tally.yaml: http}) and what was expected. Stateless;
 * any thread.
 */
public final class NodeConfigLoader {

    private static final long FILE_BYTES_MAX = 1L << 20;
    private static final int MEMBERS_MAX = 1_000;

    /** A raw value and where it came from, for error messages. */
    private record Raw(Object value, String where) {}

    private NodeConfigLoader() {}

    /**
     * Loads the config.
     *
     * @param flags flag name without dashes (a {@link ConfigKey#key()}) to its raw text, in the order given
     * @param configFile the YAML file named by {@code --config}, if any
     */
    public static NodeConfig load(Map<String, String> flags, Optional<Path> configFile) {
        if (configFile.isEmpty()) {
            return load(flags, "", "");
        }
        Path file = configFile.get();
        String text;
        try {
            if (Files.size(file) > FILE_BYTES_MAX) {
                throw new ConfigException("--config: " + file + " is larger than " + FILE_BYTES_MAX + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config: no such file: " + file);
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage());
        }
        return load(flags, text, file.getFileName().toString());
    }

    /** Loads the config from flags and the text of a YAML file labelled {@code fileLabel} in messages. */
    public static NodeConfig load(Map<String, String> flags, String yamlText, String fileLabel) {
        Map<ConfigKey, Raw> raw = new LinkedHashMap<>();
        readFile(yamlText, fileLabel, raw);
        for (Map.Entry<String, String> e : flags.entrySet()) {
            ConfigKey key = ConfigKey.byKey(e.getKey())
                .filter(k -> k != ConfigKey.MEMBERS)
                .orElseThrow(() -> new ConfigException("--" + e.getKey() + ": unknown flag"));
            if (e.getValue() != null) {
                raw.put(key, new Raw(e.getValue(), key.flag()));
            }
        }
        return build(raw);
    }

    private static void readFile(String text, String label, Map<ConfigKey, Raw> raw) {
        if (text.isBlank()) {
            return;
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(label + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException(label + ": expected a mapping of keys (such as 'http: 127.0.0.1:7001') at the top level");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = label + ": " + e.getKey();
            ConfigKey key = ConfigKey.byKey(e.getKey()).orElseThrow(() -> new ConfigException(
                where + ": unknown key (known keys: " + knownKeys() + ")"));
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (key == ConfigKey.MEMBERS || key == ConfigKey.JOIN) {
                raw.put(key, new Raw(v, where));
            } else if (v.isValueNode()) {
                raw.put(key, new Raw(v.asText(), where));
            } else {
                throw new ConfigException(where + ": expected a single value, got a " + (v.isArray() ? "list" : "mapping"));
            }
        }
    }

    private static String knownKeys() {
        List<String> keys = new ArrayList<>();
        for (ConfigKey k : ConfigKey.values()) {
            keys.add(k.key());
        }
        return String.join(", ", keys);
    }

    private static NodeConfig build(Map<ConfigKey, Raw> raw) {
        Optional<String> id = optional(raw, ConfigKey.ID, ConfigValues::name);
        String cluster = value(raw, ConfigKey.CLUSTER, ConfigValues::name);
        Raw dataDirRaw = raw.get(ConfigKey.DATA_DIR);
        if (dataDirRaw == null || text(dataDirRaw).isBlank()) {
            throw new ConfigException("--data-dir: required (the directory of the node's identity and data), "
                + "as a flag or as the config key 'data-dir'");
        }
        Path dataDir;
        try {
            dataDir = Path.of(text(dataDirRaw).strip());
        } catch (InvalidPathException e) {
            throw new ConfigException(dataDirRaw.where() + ": expected a directory path, got '" + text(dataDirRaw) + "'");
        }
        List<MemberSpec> members = members(raw.get(ConfigKey.MEMBERS));
        Optional<MemberSpec> selfEntry = id.flatMap(i -> members.stream().filter(m -> m.id().equals(i)).findFirst());

        HostPort http = address(raw, ConfigKey.HTTP, selfEntry.flatMap(MemberSpec::http));
        HostPort peer = address(raw, ConfigKey.PEER, selfEntry.map(MemberSpec::peer));
        Optional<HostPort> resp = optional(raw, ConfigKey.RESP, NodeConfigLoader::hostPort)
            .or(() -> selfEntry.flatMap(MemberSpec::resp));
        if (selfEntry.isPresent()) {
            MemberSpec self = selfEntry.get();
            if (!self.peer().equals(peer)) {
                throw new ConfigException(raw.get(ConfigKey.PEER).where() + ": " + peer + " differs from the peer address "
                    + self.peer() + " that the members list gives for this node '" + self.id() + "'");
            }
            if (self.http().isPresent() && !self.http().get().equals(http)) {
                throw new ConfigException(raw.get(ConfigKey.HTTP).where() + ": " + http + " differs from the http address "
                    + self.http().get() + " that the members list gives for this node '" + self.id() + "'");
            }
        }
        if (http.equals(peer)) {
            throw new ConfigException(whereOf(raw, ConfigKey.PEER) + ": " + peer + " is also the http address; "
                + "expected distinct ports for --http and --peer");
        }
        if (resp.isPresent() && (resp.get().equals(http) || resp.get().equals(peer))) {
            throw new ConfigException(whereOf(raw, ConfigKey.RESP) + ": " + resp.get()
                + " is also the http or peer address; expected a port of its own");
        }

        List<HostPort> join = join(raw.get(ConfigKey.JOIN));
        boolean discover = value(raw, ConfigKey.DISCOVER, ConfigValues::bool);
        OptionalInt bootstrapExpect = optional(raw, ConfigKey.BOOTSTRAP_EXPECT, s -> ConfigValues.integer(s, 1, 99))
            .map(OptionalInt::of).orElse(OptionalInt.empty());

        long electionMs = value(raw, ConfigKey.ELECTION_TIMEOUT, s -> ConfigValues.durationMs(s, 10, 60_000));
        long heartbeatMs = value(raw, ConfigKey.HEARTBEAT_INTERVAL, s -> ConfigValues.durationMs(s, 1, 30_000));
        if (heartbeatMs >= electionMs) {
            throw new ConfigException(whereOf(raw, ConfigKey.HEARTBEAT_INTERVAL) + ": " + ConfigValues.formatMs(heartbeatMs)
                + " must be less than election-timeout (" + ConfigValues.formatMs(electionMs) + ")");
        }
        long snapshotEntries = value(raw, ConfigKey.SNAPSHOT_ENTRIES, s -> ConfigValues.integer(s, 10, 1_000_000_000));
        long probeMs = value(raw, ConfigKey.PROBE_INTERVAL, s -> ConfigValues.durationMs(s, 10, 600_000));
        long probeTimeoutMs = value(raw, ConfigKey.PROBE_TIMEOUT, s -> ConfigValues.durationMs(s, 1, 600_000));
        if (probeTimeoutMs >= probeMs) {
            throw new ConfigException(whereOf(raw, ConfigKey.PROBE_TIMEOUT) + ": " + ConfigValues.formatMs(probeTimeoutMs)
                + " must be less than probe-interval (" + ConfigValues.formatMs(probeMs) + ")");
        }
        int suspicion = value(raw, ConfigKey.SUSPICION_MULTIPLIER, s -> ConfigValues.integer(s, 1, 100));
        int fanout = value(raw, ConfigKey.GOSSIP_FANOUT, s -> ConfigValues.integer(s, 1, 64));
        int retransmit = value(raw, ConfigKey.RETRANSMIT_MULTIPLIER, s -> ConfigValues.integer(s, 1, 100));
        int replication = value(raw, ConfigKey.REPLICATION_FACTOR, s -> ConfigValues.integer(s, 1, 15));
        boolean fsync = value(raw, ConfigKey.FSYNC, ConfigValues::bool);
        int bodyMax = (int) (long) value(raw, ConfigKey.REQUEST_BODY_MAX, s -> ConfigValues.bytes(s, 1024, 1L << 30));
        String logLevel = value(raw, ConfigKey.LOG_LEVEL, ConfigValues::logLevel);
        GossipSettings gossip = new GossipSettings(
            value(raw, ConfigKey.INDIRECT_PROBES, s -> ConfigValues.integer(s, 0, 16)),
            value(raw, ConfigKey.SUSPICION_MAX_MULTIPLIER, s -> ConfigValues.integer(s, 1, 100)),
            value(raw, ConfigKey.REAP_TIME, s -> ConfigValues.durationMs(s, 0, 604_800_000)),
            (int) (long) value(raw, ConfigKey.DATAGRAM_SIZE, s -> ConfigValues.bytes(s, 512, 65_000)),
            value(raw, ConfigKey.PUSH_PULL_INTERVAL, s -> ConfigValues.durationMs(s, 0, 86_400_000)),
            value(raw, ConfigKey.JOIN_TIMEOUT, s -> ConfigValues.durationMs(s, 100, 86_400_000)),
            value(raw, ConfigKey.DISCOVER_TIMEOUT, s -> ConfigValues.durationMs(s, 100, 86_400_000)),
            value(raw, ConfigKey.DISCOVERY_PORT, s -> ConfigValues.integer(s, 1, 65_535)));

        return new NodeConfig(id, cluster, dataDir, http, peer, resp, join, discover, bootstrapExpect, members,
            electionMs, heartbeatMs, snapshotEntries, probeMs, probeTimeoutMs, suspicion, fanout, retransmit, replication, fsync,
            bodyMax, logLevel, gossip);
    }

    private static String whereOf(Map<ConfigKey, Raw> raw, ConfigKey key) {
        Raw r = raw.get(key);
        return r == null ? key.flag() + " (default " + key.defaultValue() + ")" : r.where();
    }

    private static String text(Raw r) {
        return r.value() instanceof JsonNode n ? n.asText() : String.valueOf(r.value());
    }

    private static <T> T value(Map<ConfigKey, Raw> raw, ConfigKey key, Function<String, T> parser) {
        Raw r = raw.get(key);
        String where = r == null ? key.flag() + " default" : r.where();
        String text = r == null ? key.defaultValue() : text(r);
        return parse(where, text, parser);
    }

    private static <T> Optional<T> optional(Map<ConfigKey, Raw> raw, ConfigKey key, Function<String, T> parser) {
        Raw r = raw.get(key);
        if (r == null || text(r).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parse(r.where(), text(r), parser));
    }

    private static HostPort address(Map<ConfigKey, Raw> raw, ConfigKey key, Optional<HostPort> fromMembers) {
        Raw r = raw.get(key);
        if (r == null && fromMembers.isPresent()) {
            return fromMembers.get();
        }
        return value(raw, key, NodeConfigLoader::hostPort);
    }

    private static HostPort hostPort(String s) {
        return HostPort.parse(s);
    }

    private static <T> T parse(String where, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage());
        }
    }

    private static List<HostPort> join(Raw r) {
        if (r == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        if (r.value() instanceof JsonNode n) {
            if (n.isArray()) {
                for (JsonNode item : n) {
                    if (!item.isValueNode()) {
                        throw new ConfigException(r.where() + ": expected a list of HOST:PORT strings");
                    }
                    items.add(item.asText());
                }
            } else if (n.isValueNode()) {
                items.addAll(List.of(n.asText().split(",", -1)));
            } else {
                throw new ConfigException(r.where() + ": expected HOST:PORT,... or a list of HOST:PORT");
            }
        } else {
            items.addAll(List.of(String.valueOf(r.value()).split(",", -1)));
        }
        Set<HostPort> out = new LinkedHashSet<>();
        for (String item : items) {
            if (item.isBlank() && items.size() == 1) {
                continue;
            }
            out.add(parse(r.where(), item, NodeConfigLoader::hostPort));
        }
        return List.copyOf(out);
    }

    private static List<MemberSpec> members(Raw r) {
        if (r == null) {
            return List.of();
        }
        JsonNode n = (JsonNode) r.value();
        if (!n.isArray()) {
            throw new ConfigException(r.where() + ": expected a list of members, each with id and peer "
                + "(and optionally http, resp)");
        }
        if (n.size() > MEMBERS_MAX) {
            throw new ConfigException(r.where() + ": at most " + MEMBERS_MAX + " members, got " + n.size());
        }
        List<MemberSpec> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<HostPort> peers = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String where = r.where() + "[" + i + "]";
            JsonNode m = n.get(i);
            if (!(m instanceof ObjectNode obj)) {
                throw new ConfigException(where + ": expected a mapping with id and peer (and optionally http, resp)");
            }
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("id", "peer", "http", "resp").contains(f)) {
                    throw new ConfigException(where + "." + f + ": unknown key (expected id, peer, http, resp)");
                }
            }
            String id = parse(where + ".id", required(obj, "id", where), ConfigValues::name);
            HostPort peer = parse(where + ".peer", required(obj, "peer", where), NodeConfigLoader::hostPort);
            Optional<HostPort> http = obj.hasNonNull("http")
                ? Optional.of(parse(where + ".http", obj.get("http").asText(), NodeConfigLoader::hostPort)) : Optional.empty();
            Optional<HostPort> resp = obj.hasNonNull("resp")
                ? Optional.of(parse(where + ".resp", obj.get("resp").asText(), NodeConfigLoader::hostPort)) : Optional.empty();
            if (!ids.add(id)) {
                throw new ConfigException(where + ".id: '" + id + "' is listed twice; expected unique member ids");
            }
            if (!peers.add(peer)) {
                throw new ConfigException(where + ".peer: " + peer + " is listed twice; expected unique peer addresses");
            }
            out.add(new MemberSpec(id, peer, http, resp));
        }
        return out;
    }

    private static String required(ObjectNode obj, String field, String where) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException(where + "." + field + ": required");
        }
        return v.asText();
    }
}
