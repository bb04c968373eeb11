package io.tally.server.membership;

import io.tally.gossip.Member;
import io.tally.gossip.MemberEvent;
import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import io.tally.gossip.Outbound;
import io.tally.gossip.SwimConfig;
import io.tally.gossip.SwimNode;
import io.tally.gossip.SwimOutput;
import io.tally.server.config.HostPort;
import io.tally.server.core.MemberInfo;
import io.tally.server.core.MemberState;
import io.tally.server.core.MemberView;
import io.tally.server.core.Membership;
import io.tally.server.core.MembershipAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SWIM/Lifeguard membership of a running node: owns one {@link SwimNode} and drives it from the node loop
 * with the loop's clock ({@code nowMs}), received datagrams and push-pulls ({@link GossipEvent}); sends its
 * output through the {@link GossipNetwork}; turns member events into log lines, transport connections
 * ({@link MembershipAction.Connect}, so Raft and push-pulls find a connection) and, once, the
 * {@link MembershipAction.Bootstrap} of {@code --bootstrap-expect}. Only the node loop thread may call it.
 *
 * <p>Transitions it owns (the member states themselves are {@link SwimNode}'s):
 * <table>
 *   <caption>Runtime transitions</caption>
 *   <tr><th>when</th><th>what</th></tr>
 *   <tr><td>start</td><td>configured members added as alive at incarnation 0; push-pull join sent to every
 *       {@code --join} address</td></tr>
 *   <tr><td>tick, still alone, joining</td><td>join retried with backoff (0.5 s doubling to 5 s) until a
 *       member answers; after {@code joinTimeoutMs} an error is logged once (retries go on)</td></tr>
 *   <tr><td>push-pull to an address without a connection</td><td>the address is dialed and the push-pull
 *       kept (latest per address, at most {@link #PENDING_MAX}) until that peer's handshake</td></tr>
 *   <tr><td>member joined or alive again</td><td>{@code Connect} to it</td></tr>
 *   <tr><td>N voter-eligible members alive (with {@code --bootstrap-expect N})</td><td>{@code Bootstrap}
 *       with their ids, once</td></tr>
 *   <tr><td>leave</td><td>{@code left} announced; the leave future completes when the announcement was
 *       sent its full number of times or at the leave deadline</td></tr>
 * </table>
 */
public final class SwimMembership implements Membership {

    private static final Logger LOG = LoggerFactory.getLogger(SwimMembership.class);
    /** Most push-pulls waiting for a connection. */
    public static final int PENDING_MAX = 64;
    static final long JOIN_BACKOFF_FIRST_MS = 500;
    static final long JOIN_BACKOFF_MAX_MS = 5_000;
    /** How often the live members are compared with the last ones handed to the known-members sink (ms). */
    static final long KNOWN_MEMBERS_INTERVAL_MS = 2_000;

    private final SwimConfig config;
    private final MemberInfo self;
    private final NodeMeta selfMeta;
    private final List<MemberInfo> configured;
    private final List<HostPort> joins = new ArrayList<>();
    private final long initialIncarnation;
    private final Random random;
    private final OptionalInt bootstrapExpect;
    private final long joinTimeoutMs;
    private final long leaveTimeoutMs;
    private final GossipNetwork network;

    private SwimNode swim;
    /** Connected peers: peer address to node id. */
    private final Map<String, String> connected = new TreeMap<>();
    /** Push-pulls waiting for a connection, by address, oldest first. */
    private final LinkedHashMap<String, Message.PushPull> pending = new LinkedHashMap<>();
    private final TreeSet<String> dialed = new TreeSet<>();
    private final TreeSet<String> connectAsked = new TreeSet<>();
    private long joinStartMs;
    private long nextJoinMs = Long.MAX_VALUE;
    private long joinBackoffMs = JOIN_BACKOFF_FIRST_MS;
    private boolean joinReported;
    private boolean bootstrapped;
    private CompletableFuture<Void> leaveDone;
    private long leaveDeadlineMs;
    private long pendingDropped;
    /** Published on the loop thread at each tick, read by metrics scrapes (any thread). */
    private java.util.function.Consumer<Map<String, HostPort>> knownMembersSink = m -> { };
    private Map<String, HostPort> lastKnownMembers = Map.of();
    private long nextKnownMembersMs;
    private volatile Map<String, Long> counters = Map.of();
    private volatile int healthScore;
    private volatile int queuedBroadcasts;

    /**
     * @param self this node's id and addresses
     * @param selfMeta metadata announced for this node (endpoints, voter eligibility, version)
     * @param configured initial members from the config (may include this node)
     * @param joins {@code --join} addresses
     * @param initialIncarnation above any incarnation this node used before (fresh on every start)
     * @param random this node's seeded randomness
     * @param joinTimeoutMs how long joining retries before it reports that no member answered
     * @param leaveTimeoutMs longest wait for the leave announcement to go out
     */
    public SwimMembership(SwimConfig config, MemberInfo self, NodeMeta selfMeta, List<MemberInfo> configured,
            List<HostPort> joins, long initialIncarnation, Random random, OptionalInt bootstrapExpect,
            long joinTimeoutMs, long leaveTimeoutMs, GossipNetwork network) {
        this.config = config;
        this.self = self;
        this.selfMeta = selfMeta;
        this.configured = List.copyOf(configured);
        for (HostPort j : joins) {
            if (!j.equals(self.peer())) {
                this.joins.add(j);
            }
        }
        this.initialIncarnation = initialIncarnation;
        this.random = random;
        this.bootstrapExpect = bootstrapExpect;
        this.joinTimeoutMs = joinTimeoutMs;
        this.leaveTimeoutMs = leaveTimeoutMs;
        this.network = network;
    }

    @Override
    public List<MembershipAction> start(long nowMs) {
        swim = new SwimNode(config, self.id(), self.peer().toString(), selfMeta, initialIncarnation, random, nowMs);
        for (MemberInfo m : configured) {
            if (!m.id().equals(self.id())) {
                swim.addKnownMember(nowMs, m.id(), m.peer().toString(),
                        new NodeMeta(m.http().map(HostPort::toString).orElse(""),
                                m.resp().map(HostPort::toString).orElse(""), true, ""));
            }
        }
        if (!joins.isEmpty()) {
            joinStartMs = nowMs;
            join(nowMs);
        }
        return drain(nowMs);
    }

    private void join(long nowMs) {
        LOG.info("joining through {} (attempt after {} ms)", joins, nowMs - joinStartMs);
        swim.join(nowMs, joins.stream().map(HostPort::toString).toList());
        nextJoinMs = nowMs + joinBackoffMs;
        joinBackoffMs = Math.min(joinBackoffMs * 2, JOIN_BACKOFF_MAX_MS);
    }

    @Override
    public List<MembershipAction> onTick(long nowMs) {
        swim.tick(nowMs);
        if (nextJoinMs != Long.MAX_VALUE && nowMs >= nextJoinMs) {
            if (swim.liveCount() > 1) {
                nextJoinMs = Long.MAX_VALUE;
            } else {
                if (!joinReported && nowMs - joinStartMs >= joinTimeoutMs) {
                    joinReported = true;
                    LOG.error("could not join through {}: no member answered within {} ms (is a node listening "
                            + "there, with cluster name and peer address right?); running alone, still retrying",
                            joins, joinTimeoutMs);
                }
                join(nowMs);
            }
        }
        if (leaveDone != null && !leaveDone.isDone() && (swim.leaveDisseminated() || nowMs >= leaveDeadlineMs)) {
            LOG.info("left the cluster ({})", swim.leaveDisseminated() ? "announcement sent"
                    : "leave deadline of " + leaveTimeoutMs + " ms reached");
            leaveDone.complete(null);
        }
        if (nowMs >= nextKnownMembersMs) {
            nextKnownMembersMs = nowMs + KNOWN_MEMBERS_INTERVAL_MS;
            publishKnownMembers();
        }
        counters = swim.metrics().snapshot();
        healthScore = swim.healthScore();
        queuedBroadcasts = swim.queuedBroadcasts();
        return drain(nowMs);
    }

    @Override
    public List<MembershipAction> onGossip(GossipEvent event, long nowMs) {
        switch (event) {
            case GossipEvent.Datagram d -> swim.receive(nowMs, d.fromAddress(), d.messages());
            case GossipEvent.PushPull p -> swim.step(nowMs, p.fromAddress(), p.message());
            case GossipEvent.Leave l -> {
                LOG.info("leaving the cluster: announcing left");
                swim.leave(nowMs);
                leaveDone = l.done();
                leaveDeadlineMs = nowMs + leaveTimeoutMs;
            }
            case GossipEvent.Discovered d -> {
                for (HostPort p : d.peers()) {
                    if (!p.equals(self.peer()) && !joins.contains(p)) {
                        joins.add(p);
                    }
                }
                if (!joins.isEmpty() && swim.liveCount() == 1) {
                    joinStartMs = nowMs;
                    joinBackoffMs = JOIN_BACKOFF_FIRST_MS;
                    join(nowMs);
                }
            }
        }
        swim.tick(nowMs);
        return drain(nowMs);
    }

    @Override
    public List<MembershipAction> onPeerUp(MemberInfo peer, long nowMs) {
        String address = peer.peer().toString();
        connected.put(address, peer.id());
        Message.PushPull waiting = pending.remove(address);
        if (waiting != null) {
            network.sendPushPull(peer.id(), waiting);
        }
        return List.of();
    }

    @Override
    public List<MembershipAction> onPeerDown(String nodeId, long nowMs) {
        connected.values().removeIf(nodeId::equals);
        return List.of();
    }

    @Override
    public List<MembershipAction> onMemberList(String fromNodeId, List<MemberInfo> members, long nowMs) {
        return List.of(); // the pre-SWIM member list exchange; SWIM learns members by gossip and push-pull
    }

    @Override
    public List<MemberView> members(long nowMs) {
        List<MemberView> out = new ArrayList<>();
        List<MemberView> others = new ArrayList<>();
        for (Member m : swim.members()) {
            Optional<MemberView> v = view(m);
            if (v.isEmpty()) {
                continue;
            }
            (m.id().equals(self.id()) ? out : others).add(v.get());
        }
        out.addAll(others);
        return out;
    }

    private Optional<MemberView> view(Member m) {
        boolean isSelf = m.id().equals(self.id());
        try {
            MemberInfo info = isSelf ? self : new MemberInfo(m.id(), HostPort.parse(m.address()),
                    optional(m.meta().httpAddress()), optional(m.meta().respAddress()));
            return Optional.of(new MemberView(info, state(m.state()), isSelf, m.stateChangeMs(),
                    Optional.of(new MemberView.Meta(m.meta().voter(), m.meta().version(), m.incarnation()))));
        } catch (IllegalArgumentException e) {
            LOG.debug("member {} has an unusable address {}: {}", m.id(), m.address(), e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<HostPort> optional(String address) {
        return address.isEmpty() ? Optional.empty() : Optional.of(HostPort.parse(address));
    }

    static MemberState state(io.tally.gossip.MemberState s) {
        return switch (s) {
            case ALIVE -> MemberState.ALIVE;
            case SUSPECT -> MemberState.SUSPECT;
            case DEAD -> MemberState.DEAD;
            case LEFT -> MemberState.LEFT;
        };
    }

    /**
     * Receives, from the loop thread and at most every {@link #KNOWN_MEMBERS_INTERVAL_MS}, the other members
     * alive now (id to peer address) whenever they changed and are not none; the runtime persists them so a
     * restart can rejoin without {@code --join}. Set before {@link #start}; must not block.
     */
    public void onKnownMembers(java.util.function.Consumer<Map<String, HostPort>> sink) {
        this.knownMembersSink = sink;
    }

    private void publishKnownMembers() {
        Map<String, HostPort> alive = new TreeMap<>();
        for (Member m : swim.members()) {
            if (!m.id().equals(self.id()) && m.state() == io.tally.gossip.MemberState.ALIVE) {
                try {
                    alive.put(m.id(), HostPort.parse(m.address()));
                } catch (IllegalArgumentException e) {
                    // an unusable address is not worth keeping
                }
            }
        }
        if (!alive.isEmpty() && !alive.equals(lastKnownMembers)) {
            lastKnownMembers = alive;
            knownMembersSink.accept(Map.copyOf(alive));
        }
    }

    /** Names of the SWIM core's counters ({@code SwimMetrics.snapshot()}), for registering metrics. */
    public static List<String> counterNames() {
        return List.copyOf(new io.tally.gossip.SwimMetrics().snapshot().keySet());
    }

    /** A SWIM counter as of the last tick; any thread. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Lifeguard local health score as of the last tick (0 is healthy); any thread. */
    public int healthScore() {
        return healthScore;
    }

    /** Updates waiting to be piggybacked, as of the last tick; any thread. */
    public int queuedBroadcasts() {
        return queuedBroadcasts;
    }

    /** Whether a leave was asked for and its announcement has gone out (or its deadline passed). */
    public boolean leaveCompleted() {
        return leaveDone != null && leaveDone.isDone();
    }

    /** Push-pulls dropped because too many waited for a connection. */
    public long pendingDropped() {
        return pendingDropped;
    }

    /** The SWIM core (for metrics on the loop thread and tests). */
    public SwimNode swim() {
        return swim;
    }

    // ------------------------------------------------------------------ output

    private List<MembershipAction> drain(long nowMs) {
        SwimOutput o = swim.takeOutput();
        List<MembershipAction> actions = new ArrayList<>();
        for (Outbound s : o.sends()) {
            switch (s) {
                case Outbound.Datagram d -> network.sendDatagrams(d.toAddress(), d.messages());
                case Outbound.Stream st -> sendPushPull(st.toAddress(), st.message());
            }
        }
        for (MemberEvent e : o.events()) {
            Member m = e.member();
            if (m.id().equals(self.id())) {
                continue;
            }
            switch (e.kind()) {
                case JOINED, ALIVE -> {
                    LOG.info("member {} at {} is alive ({}, incarnation {})", m.id(), m.address(),
                            e.kind() == MemberEvent.Kind.JOINED ? "joined" : "back", m.incarnation());
                    connect(m, actions);
                }
                case SUSPECT -> LOG.info("member {} is suspect (incarnation {})", m.id(), m.incarnation());
                case DEAD -> LOG.warn("member {} is dead (incarnation {})", m.id(), m.incarnation());
                case LEFT -> LOG.info("member {} left", m.id());
                case UPDATED -> {
                    LOG.info("member {} updated: {} {}", m.id(), m.address(), m.meta());
                    connect(m, actions);
                }
                case REAPED -> {
                    LOG.info("member {} forgotten (reaped)", m.id());
                    connectAsked.remove(m.id());
                }
            }
        }
        if (!o.delivered().isEmpty()) {
            LOG.debug("{} application broadcasts delivered (no consumer yet)", o.delivered().size());
        }
        checkBootstrap(actions);
        return actions;
    }

    private void connect(Member m, List<MembershipAction> actions) {
        if (connectAsked.add(m.id())) {
            try {
                actions.add(new MembershipAction.Connect(m.id(), HostPort.parse(m.address())));
            } catch (IllegalArgumentException e) {
                LOG.warn("member {} announced an unusable peer address {}: {}", m.id(), m.address(), e.getMessage());
            }
        }
    }

    private void sendPushPull(String toAddress, Message.PushPull pp) {
        String nodeId = connected.get(toAddress);
        if (nodeId != null && network.sendPushPull(nodeId, pp)) {
            return;
        }
        pending.remove(toAddress);
        pending.put(toAddress, pp);
        while (pending.size() > PENDING_MAX) {
            String oldest = pending.keySet().iterator().next();
            pending.remove(oldest);
            pendingDropped++;
        }
        if (nodeId == null && dialed.add(toAddress)) {
            try {
                network.dial(HostPort.parse(toAddress));
            } catch (IllegalArgumentException e) {
                pending.remove(toAddress);
                LOG.warn("cannot dial {} for a push-pull: {}", toAddress, e.getMessage());
            }
        }
    }

    private void checkBootstrap(List<MembershipAction> actions) {
        if (bootstrapped || bootstrapExpect.isEmpty()) {
            return;
        }
        List<String> voters = new ArrayList<>();
        for (Member m : swim.members()) {
            if (m.state() == io.tally.gossip.MemberState.ALIVE && m.meta().voter()) {
                voters.add(m.id());
            }
        }
        int n = bootstrapExpect.getAsInt();
        if (voters.size() >= n) {
            bootstrapped = true;
            LOG.info("bootstrap: {} voter-eligible members alive: {}", n, voters);
            actions.add(new MembershipAction.Bootstrap(n, voters));
        }
    }
}
