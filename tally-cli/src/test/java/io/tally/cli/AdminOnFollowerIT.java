package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code tally node} processes (from {@code tally.jar}) with {@code --snapshot-entries 50}: a leadership
 * transfer sent to a follower is forwarded to the leader and takes effect; {@code /health} is 200 on every node once a
 * leader is known and 503 naming {@code raft_leader} on a node left without a quorum; every node serves the dashboard;
 * the leader snapshots after 50 applied entries. Every wait polls a condition up to a deadline.
 */
class AdminOnFollowerIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final ObjectMapper json = new ObjectMapper();
    private List<LocalCluster.Spec> specs;

    @TempDir
    Path tmp;

    @AutoClose
    NodeProcesses nodes;

    /** The leader every node agrees on, if they all do. */
    private Optional<String> agreedLeader() {
        String agreed = null;
        for (LocalCluster.Spec s : specs) {
            Optional<JsonNode> c = nodes.getJson(s, "/v1/cluster");
            if (c.isEmpty() || c.get().path("leader").isNull() || c.get().path("leader").isMissingNode()) {
                return Optional.empty();
            }
            String l = c.get().path("leader").asText();
            if (agreed != null && !agreed.equals(l)) {
                return Optional.empty();
            }
            agreed = l;
        }
        return Optional.ofNullable(agreed);
    }

    private int health(LocalCluster.Spec s) {
        try {
            return nodes.send(s, "GET", "/health", null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private LocalCluster.Spec spec(String id) {
        return specs.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aFollowerTakesALeadershipTransferAndHealthFollowsTheLeader() throws Exception {
        nodes = new NodeProcesses(tmp, 3, Duration.ofSeconds(15));
        specs = nodes.specs();
        List<Process> procs = new ArrayList<>();
        for (LocalCluster.Spec s : specs) {
            procs.add(nodes.start(s, List.of(),
                List.of("--config", nodes.config().toString(), "--snapshot-entries", "50", "--fsync", "false")));
        }
        nodes.await("all nodes agree on a leader", () -> agreedLeader().isPresent(), DEADLINE);
        nodes.await("every node is healthy", () -> specs.stream().allMatch(s -> health(s) == 200), DEADLINE);

        String oldLeader = agreedLeader().orElseThrow();
        List<LocalCluster.Spec> followers = specs.stream().filter(s -> !s.id().equals(oldLeader)).toList();
        LocalCluster.Spec via = followers.get(0);
        String target = followers.get(1).id();
        HttpResponse<String> res = nodes.send(via, "POST", "/v1/cluster/leader", "{\"id\": \"" + target + "\"}");
        assertThat(res.statusCode()).as("transfer sent to follower %s: %s", via.id(), res.body()).isEqualTo(202);
        assertThat(res.headers().firstValue("Tally-Answered-By")).contains(oldLeader);
        nodes.await("leadership moved to " + target, () -> agreedLeader().equals(Optional.of(target)), DEADLINE);

        // The leader snapshots every 50 applied entries (--snapshot-entries 50).
        LocalCluster.Spec leader = spec(target);
        for (int i = 0; i < 60; i++) {
            assertThat(nodes.send(leader, "POST", "/v1/counters/c", null).statusCode()).isEqualTo(200);
        }
        nodes.await("the leader took a snapshot", () -> nodes.getJson(leader, "/v1/cluster")
            .map(c -> c.path("raft").path("snapshot_index").asLong()).orElse(0L) > 0, DEADLINE);

        HttpResponse<String> page = nodes.send(via, "GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");

        // Without a quorum the remaining node knows no leader: /health says so.
        for (int i = 0; i < specs.size(); i++) {
            if (!specs.get(i).id().equals(via.id())) {
                procs.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        nodes.await(via.id() + " reports no leader", () -> health(via) == 503, DEADLINE);
        JsonNode body = json.readTree(nodes.send(via, "GET", "/health", null).body());
        assertThat(body.path("failed").asText()).isEqualTo("raft_leader");
        assertThat(body.path("node").asText()).isEqualTo(via.id());
    }
}
