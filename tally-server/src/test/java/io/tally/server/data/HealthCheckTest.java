package io.tally.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.raft.Role;
import io.tally.server.core.ApiReply;
import io.tally.server.core.MemberState;
import io.tally.server.raft.RaftStatus;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /health is 200 only when the node runs, its membership is up and, in a Raft group, a leader is known and apply keeps up. */
class HealthCheckTest {
    private final ObjectMapper json = new ObjectMapper();

    private static RaftStatus raft(String leader, long commit, long applied, String... voters) {
        return new RaftStatus("n1", leader == null ? Role.FOLLOWER : leader.equals("n1") ? Role.LEADER : Role.FOLLOWER, 3,
            leader, commit, applied, commit, 0, new TreeSet<>(java.util.List.of(voters)), new TreeSet<>());
    }

    private JsonNode body(ApiReply r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void aRunningAliveMemberOfAGroupWithALeaderAndCurrentApplyIsOkWithTheOldFields() throws Exception {
        ApiReply r = HealthCheck.evaluate(true, "n1", "prod", MemberState.ALIVE, raft("n2", 100, 100, "n1", "n2", "n3"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = body(r);
        assertThat(n.path("status").asText()).isEqualTo("ok");
        assertThat(n.path("node").asText()).isEqualTo("n1");
        assertThat(n.path("cluster").asText()).isEqualTo("prod");
        assertThat(n.path("checks").path("running").asText()).isEqualTo("ok");
        assertThat(n.path("checks").path("membership").asText()).isEqualTo("ok");
        assertThat(n.path("checks").path("raft_leader").asText()).isEqualTo("ok");
        assertThat(n.path("checks").path("raft_applied").asText()).isEqualTo("ok");
        assertThat(n.has("failed")).isFalse();
    }

    @Test
    void aNodeOutsideAnyRaftGroupOrWithoutRaftIsHealthyWhileWaitingToBeAdded() {
        assertThat(HealthCheck.evaluate(true, "n1", "c", MemberState.ALIVE, raft(null, 0, 0)).status()).isEqualTo(200);
        assertThat(HealthCheck.evaluate(true, "n4", "c", MemberState.ALIVE, raft(null, 10, 0, "n1", "n2")).status()).isEqualTo(200);
        assertThat(HealthCheck.evaluate(true, "n1", "c", MemberState.ALIVE, null).status()).isEqualTo(200);
    }

    @Test
    void noKnownLeaderIs503NamingTheRaftLeaderCheck() throws Exception {
        ApiReply r = HealthCheck.evaluate(true, "n1", "c", MemberState.ALIVE, raft(null, 5, 5, "n1", "n2", "n3"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.headers()).containsEntry("Retry-After", "1");
        JsonNode n = body(r);
        assertThat(n.path("status").asText()).isEqualTo("unavailable");
        assertThat(n.path("failed").asText()).isEqualTo("raft_leader");
        assertThat(n.path("error").path("code").asText()).isEqualTo("unavailable");
        assertThat(n.path("error").path("message").asText()).contains("no Raft leader");
        assertThat(n.path("node").asText()).isEqualTo("n1");
    }

    @Test
    void applyFarBehindCommitIs503OnlyBeyondTheAllowedLag() throws Exception {
        long max = HealthCheck.APPLY_LAG_ENTRIES_MAX;
        assertThat(HealthCheck.evaluate(true, "n1", "c", MemberState.ALIVE, raft("n2", 1_000 + max, 1_000, "n1", "n2")).status())
            .isEqualTo(200);
        ApiReply r = HealthCheck.evaluate(true, "n1", "c", MemberState.ALIVE, raft("n2", 1_001 + max, 1_000, "n1", "n2"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(body(r).path("failed").asText()).isEqualTo("raft_applied");
        assertThat(body(r).path("checks").path("raft_applied").asText()).contains("behind commit index " + (1_001 + max));
    }

    @Test
    void aStoppingNodeOrOneThatLeftIs503AndTheFirstFailedCheckIsNamed() throws Exception {
        ApiReply stopping = HealthCheck.evaluate(false, "n1", "c", MemberState.LEFT, raft(null, 0, 0, "n1", "n2"));
        assertThat(stopping.status()).isEqualTo(503);
        assertThat(body(stopping).path("failed").asText()).isEqualTo("running");
        assertThat(body(stopping).path("checks").path("membership").asText()).contains("left");
        ApiReply left = HealthCheck.evaluate(true, "n1", "c", MemberState.LEFT, null);
        assertThat(body(left).path("failed").asText()).isEqualTo("membership");
        assertThat(HealthCheck.evaluate(true, "n1", "c", null, null).status()).isEqualTo(503);
    }
}
