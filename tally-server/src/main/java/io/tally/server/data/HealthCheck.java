package io.tally.server.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.server.core.ApiReply;
import io.tally.server.core.MemberState;
import io.tally.server.raft.RaftStatus;

/**
 * The answer of {@code GET /health}: whether this node is ready to serve, from its state as the node loop sees it.
 * Four checks, in this order; the first that fails makes the answer a 503 with {@code Retry-After} naming it:
 * <table>
 * <caption>health checks</caption>
 * <tr><th>check</th><th>passes when</th></tr>
 * <tr><td>{@code running}</td><td>the node is serving (not stopping)</td></tr>
 * <tr><td>{@code membership}</td><td>this node is {@code alive} in its own member table (not left or leaving)</td></tr>
 * <tr><td>{@code raft_leader}</td><td>this node is not in a Raft group yet, or a leader is known</td></tr>
 * <tr><td>{@code raft_applied}</td><td>not in a Raft group, or the applied index is at most {@link #APPLY_LAG_ENTRIES_MAX}
 * entries behind the commit index</td></tr>
 * </table>
 * A node that holds no Raft configuration yet (waiting for {@code --bootstrap-expect} or to be added) passes both Raft
 * checks: it serves its status routes and forwards nothing yet. The body keeps {@code status}, {@code node} and
 * {@code cluster} and adds {@code checks} (check name to {@code "ok"} or why not) and, on 503, {@code failed} and the
 * usual {@code error} object. Pure; called on the node loop thread.
 */
public final class HealthCheck {
    /** How far the applied index may trail the commit index before the node reports itself not ready. */
    public static final long APPLY_LAG_ENTRIES_MAX = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthCheck() {
    }

    /**
     * @param serving false once the node is stopping
     * @param selfState this node's state in its own member table (null when it is missing)
     * @param raft the Raft status, or null on a node without the Raft side
     */
    public static ApiReply evaluate(boolean serving, String nodeId, String clusterName, MemberState selfState, RaftStatus raft) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "ok");
        root.put("node", nodeId);
        root.put("cluster", clusterName);
        ObjectNode checks = root.putObject("checks");
        String failed = null;
        String why = null;

        String running = serving ? "ok" : "node is shutting down";
        checks.put("running", running);
        if (!serving) {
            failed = "running";
            why = running;
        }
        String membership = selfState == MemberState.ALIVE ? "ok"
            : "this node is " + (selfState == null ? "missing" : selfState.wireName()) + " in its own member table";
        checks.put("membership", membership);
        if (failed == null && selfState != MemberState.ALIVE) {
            failed = "membership";
            why = membership;
        }
        boolean inGroup = raft != null && (raft.voters().contains(nodeId) || raft.learners().contains(nodeId));
        String leader = !inGroup ? "ok" : raft.leaderId() != null ? "ok" : "no Raft leader known (term " + raft.term() + ")";
        checks.put("raft_leader", leader);
        if (failed == null && !leader.equals("ok")) {
            failed = "raft_leader";
            why = leader;
        }
        long lag = inGroup ? Math.max(0, raft.commitIndex() - raft.appliedIndex()) : 0;
        String applied = lag <= APPLY_LAG_ENTRIES_MAX ? "ok"
            : "applied index " + raft.appliedIndex() + " is " + lag + " entries behind commit index " + raft.commitIndex()
                + " (at most " + APPLY_LAG_ENTRIES_MAX + " allowed)";
        checks.put("raft_applied", applied);
        if (failed == null && !applied.equals("ok")) {
            failed = "raft_applied";
            why = applied;
        }
        if (failed == null) {
            return ApiReply.json(200, root);
        }
        root.put("status", "unavailable");
        root.put("failed", failed);
        ObjectNode err = root.putObject("error");
        err.put("code", "unavailable");
        err.put("message", why);
        return ApiReply.json(503, root).withHeader("Retry-After", "1");
    }
}
