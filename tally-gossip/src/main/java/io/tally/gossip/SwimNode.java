package io.tally.gossip;

import io.tally.gossip.Message.Ack;
import io.tally.gossip.Message.Alive;
import io.tally.gossip.Message.Dead;
import io.tally.gossip.Message.Nack;
import io.tally.gossip.Message.Ping;
import io.tally.gossip.Message.PingReq;
import io.tally.gossip.Message.PushPull;
import io.tally.gossip.Message.Suspect;
import io.tally.gossip.Message.UserBroadcast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One node's SWIM membership with Lifeguard: a pure, single-threaded state machine in the
 * etcd-raft style. The caller (one thread: the node's event loop, or the simulator) feeds it
 * received messages with {@link #step} / {@link #receive}, the passing of time with {@link #tick},
 * and application requests ({@link #join}, {@link #leave}, {@link #broadcast}, {@link
 * #updateMeta}); then it drains {@link #takeOutput()} and performs the sends. All times are
 * milliseconds on the caller's monotonic clock and must never go backwards. Randomness comes only
 * from the seeded {@link Random} given to the constructor.
 *
 * <p><b>Member state transitions</b> (this class owns them; {@code inc} is the member's known
 * incarnation, {@code i} the message's):
 *
 * <table>
 *   <caption>Transitions of a member other than this node</caption>
 *   <tr><th>state</th><th>Alive(i)</th><th>Suspect(i, from)</th><th>Dead(i, from)</th>
 *       <th>timer</th></tr>
 *   <tr><td>unknown</td><td>ALIVE (JOINED)</td><td>ignored</td><td>ignored</td><td></td></tr>
 *   <tr><td>ALIVE</td><td>i &gt; inc: ALIVE, new meta (UPDATED)</td>
 *       <td>i &ge; inc: SUSPECT, suspicion timer starts</td>
 *       <td>i &ge; inc: DEAD, or LEFT when from = the member</td><td></td></tr>
 *   <tr><td>SUSPECT</td><td>i &gt; inc: ALIVE (refuted)</td>
 *       <td>i = inc: confirmation (Lifeguard: timer shrinks); i &gt; inc: timer restarts</td>
 *       <td>i &ge; inc: DEAD / LEFT</td><td>suspicion timeout: DEAD</td></tr>
 *   <tr><td>DEAD, LEFT</td><td>i &gt; inc: ALIVE (came back)</td><td>ignored</td><td>ignored</td>
 *       <td>after deadReapMs: forgotten (REAPED)</td></tr>
 * </table>
 *
 * <p>About itself: a Suspect or Dead with {@code i >= incarnation} is refuted by raising the
 * incarnation to {@code i + 1} and broadcasting Alive (and, with Lifeguard, the health score
 * rises); after {@link #leave} nothing is refuted.
 *
 * <p><b>Probe cycle</b> (run by {@link ProbeCycle}): each protocol period ({@code probeIntervalMs * (health + 1)}) the next
 * member of the shuffled round-robin order gets a Ping (preceded, with Lifeguard, by a Suspect
 * about itself when it is suspected: the buddy system). Without an Ack after {@code probeTimeoutMs
 * * (health + 1)}, {@code k} members get a PingReq; without any Ack by the end of the period the
 * target is suspected. Lifeguard health falls by one on each acked probe and rises by the number of
 * missing Nacks on a failed one.
 *
 * <p><b>Dissemination</b>: membership updates and application broadcasts wait in a {@link
 * BroadcastQueue} and are piggybacked on every datagram, plus gossip rounds every {@code
 * gossipIntervalMs} to {@code gossipFanout} random members; a full-state {@link PushPull} goes
 * over a stream to one random member every {@link SwimMath#pushPullIntervalMs} and to the seeds on
 * join.
 */
public final class SwimNode {
    /** Bound on remembered reaped members and seeds for reconnect attempts. */
    static final int FORMER_MEMBERS_MAX = 256;

    private final SwimConfig config;
    private final String selfId;
    private final String selfAddress;
    private final Random random;
    private final MemberTable members;
    private final BroadcastQueue broadcasts;
    private final SwimMetrics metrics = new SwimMetrics();
    private final TreeMap<String, Suspicion> suspicions = new TreeMap<>();
    /** A lower bound of every running suspicion's deadline (exact after expireSuspicions). */
    private long earliestSuspicionMs = Long.MAX_VALUE;
    private final ProbeCycle prober;
    private final Map<String, Boolean> seenBroadcasts;
    /** Reaped members still worth a reconnect attempt: id to (address, reaped at ms); oldest first. */
    private final LinkedHashMap<String, Former> formerMembers = new LinkedHashMap<>();
    /** Addresses given to {@link #join}, tried again when this node finds itself alone. */
    private final List<String> seedAddresses = new ArrayList<>();
    private SwimOutput out = new SwimOutput();
    private NodeMeta selfMeta;
    private long incarnation;
    private long nextUserSeq = 1;
    private long nextGossipMs;
    private long nextPushPullMs;
    private long nextReapMs;
    private long lastNowMs;
    private boolean left;

    /**
     * A node that knows only itself, alive at {@code initialIncarnation} (a restarted node should
     * pass a number above any it used before, e.g. a persisted one plus one).
     *
     * @param random this node's own seeded randomness (probe order, member picks, start offsets)
     */
    public SwimNode(SwimConfig config, String selfId, String selfAddress, NodeMeta meta,
            long initialIncarnation, Random random, long nowMs) {
        this.config = Objects.requireNonNull(config, "config");
        this.selfId = requireText("selfId", selfId);
        this.selfAddress = requireText("selfAddress", selfAddress);
        this.selfMeta = Objects.requireNonNull(meta, "meta");
        this.random = Objects.requireNonNull(random, "random");
        if (initialIncarnation < 0) {
            throw new IllegalArgumentException("initialIncarnation must be >= 0, got " + initialIncarnation);
        }
        this.incarnation = initialIncarnation;
        this.members = new MemberTable(selfId, random);
        this.broadcasts = new BroadcastQueue(config.broadcastQueueMax(), config.broadcastQueueBytesMax());
        int seenMax = config.seenBroadcastsMax();
        this.seenBroadcasts = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > seenMax;
            }
        };
        this.lastNowMs = nowMs;
        members.add(new MemberTable.Entry(selfId, selfAddress, meta, incarnation, MemberState.ALIVE, nowMs));
        // Stagger the timers so that nodes started together do not probe in lockstep.
        this.prober = new ProbeCycle(config, selfId, members, metrics, new ProbeCycle.Host() {
            @Override
            public void send(String toAddress, List<Message> messages) {
                sendDatagram(toAddress, messages);
            }

            @Override
            public void probeFailed(long atMs, MemberTable.Entry target) {
                onSuspect(atMs, new Suspect(target.id, target.incarnation, selfId));
            }
        }, nowMs + random.nextLong(config.probeIntervalMs()));
        this.nextGossipMs = nowMs + random.nextLong(config.gossipIntervalMs());
        this.nextPushPullMs = config.pushPullIntervalMs() == 0
                ? Long.MAX_VALUE : nowMs + random.nextLong(config.pushPullIntervalMs());
        enqueueMember(selfId, new Alive(selfId, incarnation, selfAddress, meta));
    }

    // ---------------------------------------------------------------- inputs

    /** Sends this node's full state to each seed address over a stream; their replies complete the join. */
    public void join(long nowMs, List<String> seeds) {
        advance(nowMs);
        for (String seed : seeds) {
            if (!seedAddresses.contains(seed) && seedAddresses.size() < FORMER_MEMBERS_MAX) {
                seedAddresses.add(seed);
            }
            if (!seed.equals(selfAddress)) {
                sendStream(seed, new PushPull(selfId, true, false, localState()));
            }
        }
    }

    /**
     * Adds a member known from configuration (a static member list, or a restarted node's persisted
     * list) as alive at incarnation 0, without announcing it: the member announces itself. Ignored
     * if the member is already known. Emits a JOINED event.
     */
    public void addKnownMember(long nowMs, String id, String address, NodeMeta meta) {
        advance(nowMs);
        if (members.get(requireText("id", id)) != null) {
            return;
        }
        MemberTable.Entry m = new MemberTable.Entry(id, requireText("address", address),
                Objects.requireNonNull(meta, "meta"), 0, MemberState.ALIVE, nowMs);
        members.add(m);
        emit(MemberEvent.Kind.JOINED, m, nowMs);
    }

    /**
     * Leaves gracefully: broadcasts this node's own Dead (read as "left") and stops probing. Keep
     * feeding the node until {@link #leaveDisseminated()} (or a time limit), then stop it.
     */
    public void leave(long nowMs) {
        advance(nowMs);
        if (left) {
            return;
        }
        left = true;
        prober.stop();
        MemberTable.Entry self = members.get(selfId);
        members.setState(self, MemberState.LEFT, nowMs);
        enqueueMember(selfId, new Dead(selfId, incarnation, selfId));
    }

    /** Announces new metadata for this node (with a new incarnation so it wins everywhere). */
    public void updateMeta(long nowMs, NodeMeta meta) {
        advance(nowMs);
        selfMeta = Objects.requireNonNull(meta, "meta");
        incarnation++;
        MemberTable.Entry self = members.get(selfId);
        self.meta = meta;
        self.incarnation = incarnation;
        enqueueMember(selfId, new Alive(selfId, incarnation, selfAddress, meta));
    }

    /**
     * Queues an application broadcast for epidemic dissemination; returns its sequence number.
     *
     * @throws IllegalArgumentException if the payload exceeds {@link SwimConfig#userPayloadBytesMax()}
     */
    public long broadcast(long nowMs, byte[] payload) {
        advance(nowMs);
        if (payload.length > config.userPayloadBytesMax()) {
            throw new IllegalArgumentException("broadcast payload must be at most " + config.userPayloadBytesMax()
                    + " bytes (userPayloadBytesMax), got " + payload.length);
        }
        long seq = nextUserSeq++;
        UserBroadcast b = new UserBroadcast(selfId, seq, payload.clone());
        String key = userKey(b);
        seenBroadcasts.put(key, Boolean.TRUE);
        enqueue(key, b);
        return seq;
    }

    /** Handles every message of one received datagram, in order. */
    public void receive(long nowMs, String fromAddress, List<Message> messages) {
        for (Message m : messages) {
            step(nowMs, fromAddress, m);
        }
    }

    /** Handles one received message; {@code fromAddress} is where replies go. */
    public void step(long nowMs, String fromAddress, Message message) {
        advance(nowMs);
        metrics.messagesReceived++;
        switch (message) {
            case Ping p -> prober.onPing(fromAddress, p);
            case PingReq r -> prober.onPingReq(nowMs, fromAddress, r);
            case Ack a -> prober.onAck(a);
            case Nack n -> prober.onNack(n);
            case Alive a -> onAlive(nowMs, a);
            case Suspect s -> onSuspect(nowMs, s);
            case Dead d -> onDead(nowMs, d);
            case UserBroadcast b -> onUserBroadcast(b);
            case PushPull pp -> onPushPull(nowMs, fromAddress, pp);
        }
    }

    /** Runs every timer due at {@code nowMs}: probe phases, relayed nacks, suspicions, gossip, push-pull, reaping. */
    public void tick(long nowMs) {
        advance(nowMs);
        prober.tick(nowMs, !left);
        expireSuspicions(nowMs);
        if (nowMs >= nextGossipMs) {
            nextGossipMs = Math.max(nextGossipMs + config.gossipIntervalMs(), nowMs + 1);
            gossipRound(nowMs);
        }
        if (nowMs >= nextReapMs) {
            // Reaping is not urgent: scan at most every max(period, deadReapMs / 16).
            nextReapMs = nowMs + Math.max(config.probeIntervalMs(), config.deadReapMs() / 16);
            reap(nowMs);
        }
        if (nowMs >= nextPushPullMs) {
            nextPushPullMs = nowMs + SwimMath.pushPullIntervalMs(config.pushPullIntervalMs(), members.liveCount());
            pushPullRandom();
            reconnect(nowMs);
        }
    }

    /** The earliest time at which {@link #tick} has something to do (the simulator schedules on it). */
    public long nextDeadlineMs() {
        long d = Math.min(Math.min(nextGossipMs, nextPushPullMs), nextReapMs);
        d = Math.min(d, prober.nextDeadlineMs(!left));
        d = Math.min(d, earliestSuspicionMs);
        return Math.max(d, lastNowMs);
    }

    /** Everything produced since the last call; the caller sends it and drops it. */
    public SwimOutput takeOutput() {
        SwimOutput o = out;
        out = new SwimOutput();
        return o;
    }

    // ---------------------------------------------------------------- queries

    /** This node's id. */
    public String selfId() {
        return selfId;
    }

    /** This node's current incarnation. */
    public long incarnation() {
        return incarnation;
    }

    /** Lifeguard local health score in [0, awarenessMax - 1]; 0 is healthy. */
    public int healthScore() {
        return prober.healthScore();
    }

    /** Whether {@link #leave} was called. */
    public boolean isLeft() {
        return left;
    }

    /** Whether this node's leave announcement has been sent its full number of times. */
    public boolean leaveDisseminated() {
        return left && !broadcasts.contains(memberKey(selfId));
    }

    /** Snapshots of every known member (this node included), in id order. */
    public List<Member> members() {
        List<Member> list = new ArrayList<>(members.size());
        for (MemberTable.Entry e : members.all()) {
            list.add(e.snapshot());
        }
        return list;
    }

    /** One member's snapshot, if known. */
    public Optional<Member> member(String id) {
        MemberTable.Entry e = members.get(id);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    /** Members alive or suspect, this node included (the N of the formulas). */
    public int liveCount() {
        return members.liveCount();
    }

    /** This node's counters. */
    public SwimMetrics metrics() {
        return metrics;
    }

    /** Updates waiting to be piggybacked. */
    public int queuedBroadcasts() {
        return broadcasts.size();
    }

    /** Updates dropped because the broadcast queue was full (oldest first). */
    public long droppedBroadcasts() {
        return broadcasts.dropped();
    }

    /** The piggyback limit that applies now, λ·ceil(log10(N+1)). */
    public int retransmitLimit() {
        return SwimMath.retransmitLimit(config.retransmitMult(), members.liveCount());
    }

    // ---------------------------------------------------------------- membership updates

    private void onAlive(long nowMs, Alive a) {
        if (a.id().equals(selfId)) {
            if (!left && a.incarnation() > incarnation) {
                // An older life of this node is remembered with a higher incarnation: outbid it.
                refute(a.incarnation());
            }
            return;
        }
        MemberTable.Entry m = members.get(a.id());
        if (m == null) {
            m = new MemberTable.Entry(a.id(), a.address(), a.meta(), a.incarnation(), MemberState.ALIVE, nowMs);
            members.add(m);
            formerMembers.remove(a.id());
            emit(MemberEvent.Kind.JOINED, m, nowMs);
            enqueueMember(a.id(), a);
            return;
        }
        if (a.incarnation() <= m.incarnation) {
            metrics.staleMessages++;
            return;
        }
        MemberState before = m.state;
        boolean changed = !m.address.equals(a.address()) || !m.meta.equals(a.meta());
        m.incarnation = a.incarnation();
        m.address = a.address();
        m.meta = a.meta();
        removeSuspicion(m.id);
        if (before != MemberState.ALIVE) {
            members.setState(m, MemberState.ALIVE, nowMs);
            emit(MemberEvent.Kind.ALIVE, m, nowMs);
        } else if (changed) {
            emit(MemberEvent.Kind.UPDATED, m, nowMs);
        }
        enqueueMember(a.id(), a);
    }

    private void onSuspect(long nowMs, Suspect s) {
        MemberTable.Entry m = members.get(s.id());
        if (m == null || s.incarnation() < m.incarnation || !m.state.isLive()) {
            metrics.staleMessages++;
            return;
        }
        if (s.id().equals(selfId)) {
            if (!left) {
                refute(s.incarnation());
            }
            return;
        }
        if (m.state == MemberState.SUSPECT && s.incarnation() == m.incarnation) {
            Suspicion running = suspicions.get(m.id);
            if (running != null && running.confirm(s.fromId())) {
                earliestSuspicionMs = Math.min(earliestSuspicionMs, running.deadlineMs());
                enqueueMember(m.id, s);
            }
            return;
        }
        int n = members.liveCount();
        long minMs = SwimMath.suspicionMinTimeoutMs(config.suspicionMult(), n, config.probeIntervalMs());
        long maxMs = config.lifeguard() ? minMs * config.suspicionMaxTimeoutMult() : minMs;
        int expected = config.lifeguard() ? SwimMath.expectedConfirmations(config.suspicionMult(), n) : 0;
        Suspicion started = new Suspicion(s.incarnation(), nowMs, minMs, maxMs, expected, s.fromId());
        suspicions.put(m.id, started);
        earliestSuspicionMs = Math.min(earliestSuspicionMs, started.deadlineMs());
        m.incarnation = s.incarnation();
        boolean wasSuspect = m.state == MemberState.SUSPECT;
        members.setState(m, MemberState.SUSPECT, nowMs);
        if (!wasSuspect) {
            emit(MemberEvent.Kind.SUSPECT, m, nowMs);
        }
        enqueueMember(m.id, s);
    }

    private void onDead(long nowMs, Dead d) {
        MemberTable.Entry m = members.get(d.id());
        if (m == null || d.incarnation() < m.incarnation || !m.state.isLive()) {
            metrics.staleMessages++;
            return;
        }
        if (d.id().equals(selfId)) {
            if (!left) {
                refute(d.incarnation());
            }
            return;
        }
        removeSuspicion(m.id);
        m.incarnation = d.incarnation();
        MemberState next = d.isLeave() ? MemberState.LEFT : MemberState.DEAD;
        members.setState(m, next, nowMs);
        emit(next == MemberState.LEFT ? MemberEvent.Kind.LEFT : MemberEvent.Kind.DEAD, m, nowMs);
        enqueueMember(m.id, d);
    }

    private void expireSuspicions(long nowMs) {
        if (nowMs < earliestSuspicionMs) {
            return;
        }
        List<Dead> due = new ArrayList<>();
        for (Map.Entry<String, Suspicion> e : suspicions.entrySet()) {
            if (nowMs >= e.getValue().deadlineMs()) {
                due.add(new Dead(e.getKey(), e.getValue().incarnation, selfId));
            }
        }
        for (Dead d : due) {
            removeSuspicion(d.id());
            metrics.deadDeclared++;
            onDead(nowMs, d);
        }
        earliestSuspicionMs = Long.MAX_VALUE;
        for (Suspicion running : suspicions.values()) {
            earliestSuspicionMs = Math.min(earliestSuspicionMs, running.deadlineMs());
        }
    }

    /**
     * Forgets a suspicion. {@link #earliestSuspicionMs} may now be early, which only costs one
     * idle pass of {@link #expireSuspicions} (it is a lower bound, recomputed there).
     */
    private void removeSuspicion(String id) {
        suspicions.remove(id);
    }

    private void refute(long accusedIncarnation) {
        incarnation = Math.max(incarnation, accusedIncarnation) + 1;
        MemberTable.Entry self = members.get(selfId);
        self.incarnation = incarnation;
        metrics.refutations++;
        if (config.lifeguard()) {
            prober.adjustHealth(1);
        }
        enqueueMember(selfId, new Alive(selfId, incarnation, selfAddress, selfMeta));
    }

    private void reap(long nowMs) {
        if (members.goneCount() == 0 || (members.get(selfId).state.isLive() ? 0 : 1) == members.goneCount()) {
            return;
        }
        List<MemberTable.Entry> gone = new ArrayList<>();
        for (MemberTable.Entry e : members.all()) {
            if (!e.state.isLive() && !e.id.equals(selfId) && nowMs - e.stateChangeMs >= config.deadReapMs()) {
                gone.add(e);
            }
        }
        for (MemberTable.Entry e : gone) {
            members.remove(e);
            emit(MemberEvent.Kind.REAPED, e, nowMs);
            if (e.state == MemberState.DEAD && config.reconnectTimeoutMs() > 0) {
                formerMembers.remove(e.id);
                formerMembers.put(e.id, new Former(e.address, e.stateChangeMs));
                if (formerMembers.size() > FORMER_MEMBERS_MAX) {
                    formerMembers.remove(formerMembers.keySet().iterator().next());
                }
            }
        }
    }

    private void onUserBroadcast(UserBroadcast b) {
        String key = userKey(b);
        if (seenBroadcasts.containsKey(key)) {
            metrics.userBroadcastsDuplicate++;
            return;
        }
        seenBroadcasts.put(key, Boolean.TRUE);
        out.delivered().add(b);
        enqueue(key, b);
    }

    // ---------------------------------------------------------------- gossip and push-pull

    private void gossipRound(long nowMs) {
        if (broadcasts.size() == 0 || config.gossipFanout() == 0) {
            return;
        }
        metrics.gossipRounds++;
        long deadWindowMs = config.gossipToTheDeadMs();
        List<MemberTable.Entry> targets = members.randomMembers(config.gossipFanout(),
                e -> e.state.isLive() || (e.state == MemberState.DEAD && nowMs - e.stateChangeMs < deadWindowMs));
        for (MemberTable.Entry t : targets) {
            if (broadcasts.size() == 0) {
                break;
            }
            sendDatagram(t.address, List.of());
        }
    }

    private void pushPullRandom() {
        List<MemberTable.Entry> target = members.randomMembers(1, e -> e.state == MemberState.ALIVE);
        if (!target.isEmpty()) {
            sendStream(target.get(0).address, new PushPull(selfId, false, false, localState()));
        }
    }

    /**
     * Serf-style reconnect: one push-pull attempt per push-pull period to a random member that is
     * dead (in the table, or reaped less than reconnectTimeoutMs ago), plus, when this node knows
     * no other live member, to a random seed given to {@link #join}. A member that answers is
     * merged back (it refutes its death, or is simply new again).
     */
    private void reconnect(long nowMs) {
        if (config.reconnectTimeoutMs() == 0) {
            return;
        }
        long horizonMs = nowMs - config.reconnectTimeoutMs();
        formerMembers.values().removeIf(f -> f.sinceMs < horizonMs);
        List<String> candidates = new ArrayList<>();
        for (MemberTable.Entry e : members.all()) {
            if (e.state == MemberState.DEAD && e.stateChangeMs >= horizonMs) {
                candidates.add(e.address);
            }
        }
        for (Former f : formerMembers.values()) {
            candidates.add(f.address);
        }
        if (!candidates.isEmpty()) {
            sendStream(candidates.get(random.nextInt(candidates.size())),
                    new PushPull(selfId, false, false, localState()));
        }
        if (members.liveCount() == 1 && !seedAddresses.isEmpty()) {
            String seed = seedAddresses.get(random.nextInt(seedAddresses.size()));
            if (!seed.equals(selfAddress)) {
                sendStream(seed, new PushPull(selfId, true, false, localState()));
            }
        }
    }

    private void onPushPull(long nowMs, String fromAddress, PushPull pp) {
        metrics.pushPulls++;
        for (PushPull.Entry e : pp.entries()) {
            switch (e.state()) {
                case ALIVE -> onAlive(nowMs, new Alive(e.id(), e.incarnation(), e.address(), e.meta()));
                // Another node's view of a death is only a suspicion here (it could be stale):
                // the member gets its suspicion timeout to refute, as in memberlist.
                case SUSPECT, DEAD -> onSuspect(nowMs, new Suspect(e.id(), e.incarnation(), selfId));
                case LEFT -> onDead(nowMs, new Dead(e.id(), e.incarnation(), e.id()));
            }
        }
        if (!pp.reply()) {
            // Merged first, so the reply already carries this node's refutation if it was accused.
            sendStream(fromAddress, new PushPull(selfId, pp.join(), true, localState()));
        }
    }

    private List<PushPull.Entry> localState() {
        List<PushPull.Entry> entries = new ArrayList<>(members.size());
        for (MemberTable.Entry e : members.all()) {
            entries.add(new PushPull.Entry(e.id, e.address, e.meta, e.incarnation, e.state));
        }
        return entries;
    }

    // ---------------------------------------------------------------- sending

    private void sendDatagram(String toAddress, List<Message> primary) {
        List<Message> msgs = new ArrayList<>(primary);
        int size = Sizes.DATAGRAM_HEADER_BYTES;
        for (Message m : primary) {
            size += Sizes.framed(m.sizeBytes());
        }
        int budget = config.datagramBytesMax() - size;
        if (budget > 0) {
            List<Message> piggyback = broadcasts.take(budget, retransmitLimit());
            for (Message m : piggyback) {
                size += Sizes.framed(m.sizeBytes());
            }
            metrics.piggybacked(piggyback.size());
            msgs.addAll(piggyback);
        }
        if (msgs.isEmpty()) {
            return;
        }
        metrics.datagramsSent++;
        metrics.datagramBytesSent += size;
        out.sends().add(new Outbound.Datagram(toAddress, msgs, size));
    }

    private void sendStream(String toAddress, PushPull message) {
        metrics.streamsSent++;
        metrics.streamBytesSent += message.sizeBytes();
        out.sends().add(new Outbound.Stream(toAddress, message));
    }

    private void enqueueMember(String id, Message update) {
        enqueue(memberKey(id), update);
    }

    private void enqueue(String key, Message update) {
        broadcasts.enqueue(key, update);
        metrics.broadcastsDropped = broadcasts.dropped();
    }

    private void emit(MemberEvent.Kind kind, MemberTable.Entry m, long nowMs) {
        out.events().add(new MemberEvent(kind, m.snapshot(), nowMs));
    }

    private void advance(long nowMs) {
        if (nowMs < lastNowMs) {
            throw new IllegalArgumentException("time must not go backwards: nowMs " + nowMs + " < last " + lastNowMs);
        }
        lastNowMs = nowMs;
    }

    private static String memberKey(String id) {
        return "m:" + id;
    }

    private static String userKey(UserBroadcast b) {
        return "u:" + b.originId() + ":" + b.seq();
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty string, got " + value);
        }
        return value;
    }

    /** A reaped member's last address and when it was declared dead. */
    private record Former(String address, long sinceMs) {}
}
