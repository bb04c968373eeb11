package io.tally.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {

    private static Map<String, String> flags(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static NodeConfig load(Map<String, String> flags, String yaml) {
        return NodeConfigLoader.load(flags, yaml, "tally.yaml");
    }

    private static void refused(Map<String, String> flags, String yaml, String... messageParts) {
        assertThatThrownBy(() -> load(flags, yaml))
            .isInstanceOf(ConfigException.class)
            .message().contains(messageParts);
    }

    @Test
    void defaultsSuitALanWhenOnlyTheDataDirIsGiven() {
        NodeConfig c = load(flags("data-dir", "/tmp/d"), "");
        assertThat(c.nodeId()).isEmpty();
        assertThat(c.clusterName()).isEqualTo("tally");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(c.http()).isEqualTo(new HostPort("127.0.0.1", 7001));
        assertThat(c.peer()).isEqualTo(new HostPort("127.0.0.1", 7101));
        assertThat(c.resp()).isEmpty();
        assertThat(c.join()).isEmpty();
        assertThat(c.discover()).isFalse();
        assertThat(c.bootstrapExpect()).isEqualTo(OptionalInt.empty());
        assertThat(c.electionTimeoutMs()).isEqualTo(200);
        assertThat(c.heartbeatIntervalMs()).isEqualTo(50);
        assertThat(c.snapshotEveryEntries()).isEqualTo(10_000);
        assertThat(c.probeIntervalMs()).isEqualTo(1000);
        assertThat(c.probeTimeoutMs()).isEqualTo(500);
        assertThat(c.suspicionMultiplier()).isEqualTo(4);
        assertThat(c.gossipFanout()).isEqualTo(3);
        assertThat(c.retransmitMultiplier()).isEqualTo(4);
        assertThat(c.replicationFactor()).isEqualTo(3);
        assertThat(c.fsync()).isTrue();
        assertThat(c.requestBodyBytesMax()).isEqualTo(4 << 20);
        assertThat(c.logLevel()).isEqualTo("info");
    }

    @Test
    void everyFlagIsParsed() {
        NodeConfig c = load(flags("id", "n1", "cluster", "prod", "data-dir", "d", "http", "10.0.0.1:8001",
            "peer", "10.0.0.1:8101", "resp", "10.0.0.1:8201", "join", "10.0.0.2:8101,node3.lan:8101",
            "discover", "true", "bootstrap-expect", "3", "election-timeout", "1s", "heartbeat-interval", "100ms",
            "snapshot-entries", "50", "probe-interval", "2s", "probe-timeout", "1s", "suspicion-multiplier", "5", "gossip-fanout", "4",
            "retransmit-multiplier", "6", "replication-factor", "5", "fsync", "false", "request-body-max", "64KiB",
            "log-level", "DEBUG"), "");
        assertThat(c.nodeId()).contains("n1");
        assertThat(c.clusterName()).isEqualTo("prod");
        assertThat(c.resp()).contains(new HostPort("10.0.0.1", 8201));
        assertThat(c.join()).containsExactly(new HostPort("10.0.0.2", 8101), new HostPort("node3.lan", 8101));
        assertThat(c.discover()).isTrue();
        assertThat(c.bootstrapExpect()).isEqualTo(OptionalInt.of(3));
        assertThat(c.electionTimeoutMs()).isEqualTo(1000);
        assertThat(c.heartbeatIntervalMs()).isEqualTo(100);
        assertThat(c.snapshotEveryEntries()).isEqualTo(50);
        assertThat(c.probeIntervalMs()).isEqualTo(2000);
        assertThat(c.probeTimeoutMs()).isEqualTo(1000);
        assertThat(c.suspicionMultiplier()).isEqualTo(5);
        assertThat(c.gossipFanout()).isEqualTo(4);
        assertThat(c.retransmitMultiplier()).isEqualTo(6);
        assertThat(c.replicationFactor()).isEqualTo(5);
        assertThat(c.fsync()).isFalse();
        assertThat(c.requestBodyBytesMax()).isEqualTo(64 * 1024);
        assertThat(c.logLevel()).isEqualTo("debug");
    }

    @Test
    void everyFlagIsAlsoAConfigFileKey() {
        String yaml = """
            id: n1
            cluster: prod
            data-dir: /var/lib/tally
            http: 127.0.0.1:8001
            peer: 127.0.0.1:8101
            resp: 127.0.0.1:8201
            join: [127.0.0.1:8102, 127.0.0.1:8103]
            discover: true
            bootstrap-expect: 3
            election-timeout: 300ms
            heartbeat-interval: 60ms
            snapshot-entries: 250000
            probe-interval: 500ms
            probe-timeout: 200ms
            suspicion-multiplier: 6
            gossip-fanout: 2
            retransmit-multiplier: 3
            replication-factor: 2
            fsync: false
            request-body-max: 2MiB
            log-level: warn
            indirect-probes: 2
            suspicion-max-multiplier: 5
            reap-time: 30s
            datagram-size: 1200
            push-pull-interval: 10s
            join-timeout: 20s
            discover-timeout: 15s
            discovery-port: 7299
            """;
        NodeConfig c = load(Map.of(), yaml);
        assertThat(c.gossip()).isEqualTo(new GossipSettings(2, 5, 30_000, 1200, 10_000, 20_000, 15_000, 7299));
        assertThat(c.nodeId()).contains("n1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/tally"));
        assertThat(c.join()).containsExactly(new HostPort("127.0.0.1", 8102), new HostPort("127.0.0.1", 8103));
        assertThat(c.bootstrapExpect()).isEqualTo(OptionalInt.of(3));
        assertThat(c.electionTimeoutMs()).isEqualTo(300);
        assertThat(c.probeTimeoutMs()).isEqualTo(200);
        assertThat(c.snapshotEveryEntries()).isEqualTo(250_000);
        assertThat(c.gossipFanout()).isEqualTo(2);
        assertThat(c.fsync()).isFalse();
        assertThat(c.requestBodyBytesMax()).isEqualTo(2 << 20);
        assertThat(c.logLevel()).isEqualTo("warn");
        assertThat(ConfigKey.values()).allSatisfy(k -> assertThat(yaml.contains(k.key() + ":") || k == ConfigKey.MEMBERS)
            .as("key %s appears in the example", k.key()).isTrue());
    }

    @Test
    void flagsOverrideTheConfigFile() {
        NodeConfig c = load(flags("http", "127.0.0.1:9001", "log-level", "error"),
            "data-dir: d\nhttp: 127.0.0.1:8001\nlog-level: debug\ngossip-fanout: 7\n");
        assertThat(c.http()).isEqualTo(new HostPort("127.0.0.1", 9001));
        assertThat(c.logLevel()).isEqualTo("error");
        assertThat(c.gossipFanout()).isEqualTo(7);
    }

    @Test
    void membersListsTheInitialServersAndGivesThisNodeItsAddresses() {
        String yaml = """
            data-dir: d
            members:
              - {id: n1, peer: 127.0.0.1:7101, http: 127.0.0.1:7001}
              - {id: n2, peer: 127.0.0.1:7102, http: 127.0.0.1:7002, resp: 127.0.0.1:7202}
              - id: n3
                peer: 127.0.0.1:7103
            """;
        NodeConfig c = load(flags("id", "n2"), yaml);
        assertThat(c.members()).extracting(MemberSpec::id).containsExactly("n1", "n2", "n3");
        assertThat(c.members().get(2).http()).isEmpty();
        assertThat(c.peer()).isEqualTo(new HostPort("127.0.0.1", 7102));
        assertThat(c.http()).isEqualTo(new HostPort("127.0.0.1", 7002));
        assertThat(c.resp()).contains(new HostPort("127.0.0.1", 7202));
    }

    @Test
    void aPeerFlagThatContradictsThisNodesMemberEntryIsRefused() {
        refused(flags("id", "n1", "peer", "127.0.0.1:9999"),
            "data-dir: d\nmembers:\n  - {id: n1, peer: 127.0.0.1:7101}\n",
            "--peer: 127.0.0.1:9999 differs from the peer address 127.0.0.1:7101", "'n1'");
    }

    @Test
    void aJsonFileOfServersIsAValidConfigFile() {
        String jsonText = """
            {"data-dir": "d", "members": [
              {"id": "n1", "peer": "127.0.0.1:7101", "http": "127.0.0.1:7001"},
              {"id": "n2", "peer": "127.0.0.1:7102", "http": "127.0.0.1:7002"}]}
            """;
        NodeConfig c = load(flags("id", "n2"), jsonText);
        assertThat(c.members()).extracting(MemberSpec::id).containsExactly("n1", "n2");
        assertThat(c.peer()).isEqualTo(new HostPort("127.0.0.1", 7102));
    }

    @Test
    void unknownConfigKeysAreRefusedByName() {
        refused(Map.of(), "data-dir: d\nelection-timout: 200ms\n",
            "tally.yaml: election-timout: unknown key", "known keys: id, cluster");
    }

    @Test
    void unknownFlagsAreRefusedByName() {
        refused(flags("data-dir", "d", "bogus", "1"), "", "--bogus: unknown flag");
        refused(flags("data-dir", "d", "members", "x"), "", "--members: unknown flag");
    }

    @Test
    void theDataDirIsRequired() {
        refused(Map.of(), "", "--data-dir: required");
        refused(flags("data-dir", " "), "", "--data-dir: required");
    }

    @Test
    void badAddressesAreRefusedNamingTheFlagOrKey() {
        refused(flags("data-dir", "d", "http", "localhost"), "", "--http: expected HOST:PORT", "'localhost'");
        refused(flags("data-dir", "d", "peer", "127.0.0.1:70000"), "", "--peer: expected HOST:PORT", "port 1-65535");
        refused(flags("data-dir", "d", "peer", "127.0.0.1:0"), "", "--peer: expected HOST:PORT");
        refused(flags("data-dir", "d", "http", "300.1.1.1:80"), "", "--http:", "'300.1.1.1' is not a valid host");
        refused(flags("data-dir", "d", "http", "bad_host:80"), "", "--http:", "not a valid host");
        refused(flags("data-dir", "d", "join", "127.0.0.1:7101,nope"), "", "--join: expected HOST:PORT", "'nope'");
        refused(Map.of(), "data-dir: d\nresp: '[zz]:1'\n", "tally.yaml: resp: expected HOST:PORT", "not an IPv6 address");
        refused(Map.of(), "data-dir: d\njoin: [127.0.0.1:1, {a: b}]\n", "tally.yaml: join: expected a list of HOST:PORT");
    }

    @Test
    void sharedPortsAreRefused() {
        refused(flags("data-dir", "d", "http", "127.0.0.1:7000", "peer", "127.0.0.1:7000"), "",
            "--peer: 127.0.0.1:7000 is also the http address");
        refused(flags("data-dir", "d", "resp", "127.0.0.1:7001"), "", "--resp: 127.0.0.1:7001 is also the http or peer address");
    }

    @Test
    void badValuesAreRefusedWithWhatWasExpected() {
        refused(flags("data-dir", "d", "election-timeout", "200"), "",
            "--election-timeout: expected a duration with a unit (ms, s, m or h) such as 200ms or 2s, got '200'");
        refused(flags("data-dir", "d", "election-timeout", "2h"), "", "--election-timeout: expected a duration between 10ms and 1m");
        refused(flags("data-dir", "d", "heartbeat-interval", "abc"), "", "--heartbeat-interval: expected a duration");
        refused(flags("data-dir", "d", "gossip-fanout", "0"), "", "--gossip-fanout: expected an integer between 1 and 64, got '0'");
        refused(flags("data-dir", "d", "replication-factor", "three"), "", "--replication-factor: expected an integer");
        refused(flags("data-dir", "d", "bootstrap-expect", "0"), "", "--bootstrap-expect: expected an integer between 1 and 99");
        refused(flags("data-dir", "d", "fsync", "yes"), "", "--fsync: expected true or false, got 'yes'");
        refused(flags("data-dir", "d", "discover", "1"), "", "--discover: expected true or false");
        refused(flags("data-dir", "d", "request-body-max", "1MB"), "", "--request-body-max: expected a size in bytes");
        refused(flags("data-dir", "d", "request-body-max", "10"), "", "--request-body-max: expected a size between 1024 and");
        refused(flags("data-dir", "d", "log-level", "loud"), "", "--log-level: expected one of error, warn, info, debug, trace");
        refused(flags("data-dir", "d", "id", "-n1"), "", "--id: expected 1-63 characters");
        refused(flags("data-dir", "d", "cluster", "a b"), "", "--cluster: expected 1-63 characters");
        refused(Map.of(), "data-dir: d\nprobe-interval: fast\n", "tally.yaml: probe-interval: expected a duration");
        refused(Map.of(), "data-dir: d\ngossip-fanout: [1, 2]\n", "tally.yaml: gossip-fanout: expected a single value, got a list");
    }

    @Test
    void snapshotEntriesOutsideItsRangeIsRefusedWithTheRange() {
        refused(flags("data-dir", "d", "snapshot-entries", "9"), "", "--snapshot-entries", "between 10 and 1000000000", "'9'");
        refused(flags("data-dir", "d", "snapshot-entries", "10k"), "", "--snapshot-entries", "expected an integer");
        refused(flags("data-dir", "d"), "snapshot-entries: -1\n", "tally.yaml: snapshot-entries", "between 10 and 1000000000");
    }

    @Test
    void rulesBetweenSettingsAreChecked() {
        refused(flags("data-dir", "d", "heartbeat-interval", "200ms"), "",
            "--heartbeat-interval: 200ms must be less than election-timeout (200ms)");
        refused(flags("data-dir", "d", "probe-timeout", "2s"), "", "--probe-timeout: 2s must be less than probe-interval (1s)");
    }

    @Test
    void badMembersAreRefusedNamingTheEntry() {
        refused(Map.of(), "data-dir: d\nmembers: n1\n", "tally.yaml: members: expected a list of members");
        refused(Map.of(), "data-dir: d\nmembers:\n  - {id: n1}\n", "tally.yaml: members[0].peer: required");
        refused(Map.of(), "data-dir: d\nmembers:\n  - {id: n1, peer: x}\n", "tally.yaml: members[0].peer: expected HOST:PORT");
        refused(Map.of(), "data-dir: d\nmembers:\n  - {id: n1, peer: 127.0.0.1:1, role: voter}\n",
            "tally.yaml: members[0].role: unknown key (expected id, peer, http, resp)");
        refused(Map.of(), "data-dir: d\nmembers:\n  - {id: n1, peer: 127.0.0.1:1}\n  - {id: n1, peer: 127.0.0.1:2}\n",
            "tally.yaml: members[1].id: 'n1' is listed twice");
        refused(Map.of(), "data-dir: d\nmembers:\n  - {id: n1, peer: 127.0.0.1:1}\n  - {id: n2, peer: 127.0.0.1:1}\n",
            "tally.yaml: members[1].peer: 127.0.0.1:1 is listed twice");
        refused(Map.of(), "data-dir: d\nmembers:\n  - 127.0.0.1:1\n", "tally.yaml: members[0]: expected a mapping");
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() {
        refused(Map.of(), "data-dir: d\nhttp: [unclosed\n", "tally.yaml: not valid YAML at line");
        refused(Map.of(), "- just\n- a list\n", "tally.yaml: expected a mapping of keys");
        refused(Map.of(), "data-dir: d\ndata-dir: e\n", "tally.yaml: not valid YAML", "data-dir");
    }

    @Test
    void theConfigFileIsReadFromDisk(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("node.yaml");
        Files.writeString(file, "data-dir: " + tmp.resolve("data") + "\ngossip-fanout: 5\n");
        NodeConfig c = NodeConfigLoader.load(Map.of(), Optional.of(file));
        assertThat(c.gossipFanout()).isEqualTo(5);
        assertThatThrownBy(() -> NodeConfigLoader.load(Map.of(), Optional.of(tmp.resolve("missing.yaml"))))
            .isInstanceOf(ConfigException.class).hasMessageContaining("--config: no such file: ");
    }

    @Test
    void anEmptyJoinIsNoJoinAndDuplicatesCollapse() {
        assertThat(load(flags("data-dir", "d", "join", ""), "").join()).isEmpty();
        assertThat(load(flags("data-dir", "d", "join", "127.0.0.1:1,127.0.0.1:1"), "").join())
            .isEqualTo(List.of(new HostPort("127.0.0.1", 1)));
    }
}
