package io.tally.server.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.server.config.HostPort;
import io.tally.server.identity.NodeIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's single-threaded core: applies {@link NodeEvent}s in queue order to the node's state (for
 * now the {@link Membership}) and answers API calls. Only the {@link NodeLoop} thread may call it; time
 * is given as {@code nowMs} (node clock, milliseconds).
 *
 * <p>The cluster id: a node that did not found its cluster has none until its first peer with one
 * connects; it then adopts and stores that id (before anything else happens on that connection).
 *
 * <p>Transitions: serving from {@link #start} until a {@link NodeEvent.Stopping} event, after which
 * {@code /health} answers 503 while the remaining queue drains ({@link io.tally.server.data.HealthCheck} has the
 * other checks of {@code /health}).
 */
public final class NodeCore implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NodeCore.class);
    /** Content type of the Prometheus text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ObjectMapper json = new ObjectMapper();
    private final Function<String, NodeIdentity> adoptClusterId;
    private NodeIdentity identity;
    private final Membership membership;
    private final PeerNetwork network;
    private final Supplier<String> metricsText;
    private final AtomicIntegerArray memberCounts = new AtomicIntegerArray(MemberState.values().length);
    private boolean serving;
    /** The Raft driver, once attached (before the loop starts); null on a node without the Raft side (tests). */
    private io.tally.server.raft.RaftDriver raft;
    /** Set once from {@link MembershipAction.Bootstrap} ({@code --bootstrap-expect}); the Raft wiring reads it. */
    private Optional<List<String>> bootstrapVoters = Optional.empty();

    /**
     * @param metricsText renders the metrics in the Prometheus text format
     * @param adoptClusterId stores the cluster id learned from a peer (when this node has none) and
     *     returns the identity now in force
     */
    public NodeCore(NodeIdentity identity, Membership membership, PeerNetwork network, Supplier<String> metricsText,
            Function<String, NodeIdentity> adoptClusterId) {
        this.identity = identity;
        this.adoptClusterId = adoptClusterId;
        this.membership = membership;
        this.network = network;
        this.metricsText = metricsText;
    }

    /** Attaches the Raft driver; call before the loop starts. */
    public void attachRaft(io.tally.server.raft.RaftDriver driver) {
        this.raft = driver;
    }

    /** Starts serving and dials the configured and join members. */
    @Override
    public void start(long nowMs) {
        serving = true;
        apply(membership.start(nowMs));
        countMembers(nowMs);
    }

    /** Handles one event. */
    @Override
    public void handle(NodeEvent event, long nowMs) {
        switch (event) {
            case NodeEvent.Tick t -> apply(membership.onTick(nowMs));
            case NodeEvent.ApiCall call -> call.reply().complete(answer(call.route(), nowMs));
            case NodeEvent.PeerUp up -> {
                LOG.debug("peer {} connected ({})", up.peer().id(), up.peer().peer());
                if (identity.clusterId().isEmpty() && !up.clusterId().isEmpty()) {
                    identity = adoptClusterId.apply(up.clusterId());
                    LOG.info("joined cluster {} (id {}) through {}", identity.clusterName(), identity.clusterId(), up.peer().id());
                }
                apply(membership.onPeerUp(up.peer(), nowMs));
            }
            case NodeEvent.PeerDown down -> {
                LOG.debug("peer {} disconnected", down.nodeId());
                apply(membership.onPeerDown(down.nodeId(), nowMs));
            }
            case NodeEvent.Gossip g -> apply(membership.onGossip(g.event(), nowMs));
            case NodeEvent.MembersReceived m -> apply(membership.onMemberList(m.fromNodeId(), m.members(), nowMs));
            case NodeEvent.Raft r -> raftEvent(r.event(), nowMs);
            case NodeEvent.Stopping s -> {
                serving = false;
                if (raft != null) {
                    raft.stopping();
                }
            }
        }
        if (!(event instanceof NodeEvent.ApiCall) && !(event instanceof NodeEvent.Raft)) {
            countMembers(nowMs); // only membership events and ticks change the counts (Raft events are the hot path)
        }
    }

    private void raftEvent(io.tally.server.raft.RaftEvent e, long nowMs) {
        if (raft != null) {
            raft.handle(e, nowMs);
        } else if (e instanceof io.tally.server.raft.RaftEvent.Call c) {
            c.reply().complete(new io.tally.server.raft.Outcome.Unavailable("this node has no Raft group", true));
        } else if (e instanceof io.tally.server.raft.RaftEvent.Admin a) {
            a.reply().complete(ApiReply.error(503, "unavailable", "this node has no Raft group"));
        }
    }

    /** Members known by state, as of the last event; readable from any thread (for metrics gauges). */
    public int memberCount(MemberState state) {
        return memberCounts.get(state.ordinal());
    }

    private void countMembers(long nowMs) {
        int[] counts = new int[MemberState.values().length];
        for (MemberView m : membership.members(nowMs)) {
            counts[m.state().ordinal()]++;
        }
        for (int i = 0; i < counts.length; i++) {
            memberCounts.set(i, counts[i]);
        }
    }

    /** The voter ids of the {@code --bootstrap-expect} event, once it happened (loop thread). */
    public Optional<List<String>> bootstrapVoters() {
        return bootstrapVoters;
    }

    /** Whether the node serves requests (false once stopping). */
    public boolean serving() {
        return serving;
    }

    /** The members known now (for logs and tests). */
    public List<MemberView> members(long nowMs) {
        return membership.members(nowMs);
    }

    private void apply(List<MembershipAction> actions) {
        for (MembershipAction a : actions) {
            switch (a) {
                case MembershipAction.Connect c -> network.connect(c.nodeId(), c.peer());
                case MembershipAction.Join j -> {
                    LOG.info("joining through {}", j.peer());
                    network.join(j.peer());
                }
                case MembershipAction.Bootstrap b -> {
                    LOG.info("bootstrap: {} voter-eligible members alive: {}", b.expect(), b.voterIds());
                    bootstrapVoters = Optional.of(b.voterIds());
                    if (raft != null) {
                        raft.bootstrap(new java.util.TreeSet<>(b.voterIds()));
                    }
                }
                case MembershipAction.SendMembers s -> {
                    if (!network.sendMembers(s.toNodeId(), s.members())) {
                        LOG.debug("member list to {} not queued (not connected or backpressure)", s.toNodeId());
                    }
                }
            }
        }
    }

    private ApiReply answer(ApiRoute route, long nowMs) {
        return switch (route) {
            case HEALTH -> io.tally.server.data.HealthCheck.evaluate(serving, identity.nodeId(), identity.clusterName(),
                selfState(nowMs), raft == null ? null : raft.status());
            case CLUSTER -> ApiReply.json(200, cluster(nowMs));
            case METRICS -> new ApiReply(200, PROMETHEUS_TEXT, metricsText.get().getBytes(StandardCharsets.UTF_8), Map.of());
        };
    }

    /** This node's state in its own member table, or null if it is missing. */
    private MemberState selfState(long nowMs) {
        for (MemberView m : membership.members(nowMs)) {
            if (m.self()) {
                return m.state();
            }
        }
        return null;
    }

    private ObjectNode cluster(long nowMs) {
        ObjectNode root = json.createObjectNode();
        ObjectNode cluster = root.putObject("cluster");
        cluster.put("name", identity.clusterName());
        cluster.put("id", identity.clusterId());
        List<MemberView> members = membership.members(nowMs);
        MemberView self = members.stream().filter(MemberView::self).findFirst()
            .orElseThrow(() -> new IllegalStateException("membership lost this node " + identity.nodeId()));
        ObjectNode selfNode = root.putObject("self");
        addresses(selfNode, self.info());
        io.tally.server.raft.RaftStatus rs = raft == null ? null : raft.status();
        if (rs == null || rs.leaderId() == null) {
            root.putNull("leader");
        } else {
            root.put("leader", rs.leaderId());
        }
        root.put("term", rs == null ? 0 : rs.term());
        if (rs != null) {
            ObjectNode r = root.putObject("raft");
            r.put("role", rs.role().name().toLowerCase(java.util.Locale.ROOT));
            r.put("term", rs.term());
            r.put("commit_index", rs.commitIndex());
            r.put("applied_index", rs.appliedIndex());
            r.put("last_index", rs.lastIndex());
            r.put("snapshot_index", rs.snapshotIndex());
            rs.voters().forEach(r.putArray("voters")::add);
            rs.learners().forEach(r.putArray("learners")::add);
        }
        ArrayNode arr = root.putArray("members");
        for (MemberView m : members) {
            ObjectNode o = arr.addObject();
            addresses(o, m.info());
            o.put("state", m.state().wireName());
            o.put("role", raftRole(rs, m.info().id()));
            o.put("self", m.self());
            m.meta().ifPresent(meta -> {
                o.put("voter", meta.voter());
                o.put("version", meta.version());
                o.put("incarnation", meta.incarnation());
            });
        }
        return root;
    }

    /** A member's Raft role as this node sees it: leader, voter, learner or none ("member" without Raft). */
    private static String raftRole(io.tally.server.raft.RaftStatus rs, String id) {
        if (rs == null) {
            return "member";
        }
        if (id.equals(rs.leaderId())) {
            return "leader";
        }
        return rs.voters().contains(id) ? "voter" : rs.learners().contains(id) ? "learner" : "none";
    }

    private static void addresses(ObjectNode o, MemberInfo m) {
        o.put("id", m.id());
        o.put("peer", m.peer().toString());
        putOptional(o, "http", m.http());
        putOptional(o, "resp", m.resp());
    }

    private static void putOptional(ObjectNode o, String field, Optional<HostPort> v) {
        if (v.isPresent()) {
            o.put(field, v.get().toString());
        } else {
            o.putNull(field);
        }
    }
}
