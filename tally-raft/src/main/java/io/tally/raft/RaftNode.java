package io.tally.raft;

import io.tally.raft.message.AppendEntries;
import io.tally.raft.message.AppendEntriesResponse;
import io.tally.raft.message.Heartbeat;
import io.tally.raft.message.HeartbeatResponse;
import io.tally.raft.message.InstallSnapshot;
import io.tally.raft.message.InstallSnapshotResponse;
import io.tally.raft.message.PreVote;
import io.tally.raft.message.PreVoteResponse;
import io.tally.raft.message.RaftMessage;
import io.tally.raft.message.ReadIndexRequest;
import io.tally.raft.message.ReadIndexResponse;
import io.tally.raft.message.RequestVote;
import io.tally.raft.message.RequestVoteResponse;
import io.tally.raft.message.TimeoutNow;
import io.tally.raft.quorum.Quorum;
import io.tally.raft.quorum.Timing;
import io.tally.raft.storage.RecoveredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One Raft node as a pure state machine. Not thread-safe: exactly one thread (the node's event loop, or the
 * simulator) calls every method. Time advances only through {@link #tick()}; randomness comes only from the seeded
 * {@link Random} passed in.
 *
 * <p>Driving loop: feed events ({@link #tick()}, {@link #step}, {@link #propose}, {@link #readIndex}, ...), then
 * while {@link #hasReady()}: take {@link #ready()}, handle it as documented on {@link Ready}, call
 * {@link #advance(Ready)}. At most one Ready is outstanding; events may still be fed while it is being persisted
 * (a slow fsync): their output waits for the next Ready. The leader's own entries count toward a commit only after
 * the Ready carrying them was advanced (persisted).
 *
 * <h2>Role transitions (owned by this class)</h2>
 * <table>
 *   <caption>Transitions</caption>
 *   <tr><th>From</th><th>Event</th><th>To</th></tr>
 *   <tr><td>Follower</td><td>election timeout (voter; pre-vote on)</td><td>PreCandidate (term unchanged)</td></tr>
 *   <tr><td>Follower</td><td>election timeout (voter; pre-vote off), or TimeoutNow</td><td>Candidate (term+1, votes for itself)</td></tr>
 *   <tr><td>PreCandidate</td><td>pre-votes from a quorum (both halves when joint)</td><td>Candidate</td></tr>
 *   <tr><td>PreCandidate</td><td>quorum impossible</td><td>Follower (same term)</td></tr>
 *   <tr><td>PreCandidate, Candidate</td><td>election timeout</td><td>a new PreCandidate / Candidate round</td></tr>
 *   <tr><td>Candidate</td><td>votes from a quorum</td><td>Leader (appends a no-op)</td></tr>
 *   <tr><td>Candidate</td><td>quorum impossible</td><td>Follower (same term)</td></tr>
 *   <tr><td>PreCandidate, Candidate</td><td>AppendEntries / Heartbeat / InstallSnapshot of the current term</td><td>Follower of the sender</td></tr>
 *   <tr><td>any</td><td>a message of a higher term (except a PreVote, a granted PreVoteResponse, and a vote request
 *       ignored because this node heard from a leader within an election timeout under check-quorum)</td><td>Follower (new term)</td></tr>
 *   <tr><td>Leader</td><td>check-quorum: no quorum heard during an election timeout</td><td>Follower (same term)</td></tr>
 *   <tr><td>Leader</td><td>a configuration without it as voter is committed</td><td>Follower (same term)</td></tr>
 * </table>
 */
public final class RaftNode {
    final RaftConfig cfg;
    final String id;
    private final Random random;
    final RaftLog log;
    final Replication replication;
    final Reads reads;
    final FollowerSide follower;
    final Membership membership;

    long term;
    String votedFor;
    RoleState role;
    int electionElapsedTicks;
    int randomizedElectionTimeoutTicks;
    int heartbeatElapsedTicks;
    /** Logical clock: ticks since this node object started. */
    long ticks;

    private HardState persistedHardState;
    final ArrayList<RaftMessage> outNow = new ArrayList<>();
    final ArrayList<RaftMessage> outAfterPersist = new ArrayList<>();
    final ArrayList<ReadState> readStates = new ArrayList<>();
    final ArrayList<Long> failedReads = new ArrayList<>();
    Snapshot pendingInstall;
    private Snapshot pendingLocal;
    private boolean readyOutstanding;
    /** Created from non-empty durable state (a restart rather than a first start). */
    private final boolean restarted;

    /**
     * Creates a node from its recovered durable state.
     *
     * @param config    tunables (id, timeouts in ticks, limits)
     * @param recovered what the node's storage returned ({@link RecoveredState#bootstrap} for a new cluster member)
     * @param random    the node's seeded generator (election timeouts); owned by this node from now on
     */
    public RaftNode(RaftConfig config, RecoveredState recovered, Random random) {
        this.cfg = Objects.requireNonNull(config, "config");
        this.id = config.id();
        this.random = Objects.requireNonNull(random, "random");
        HardState hs = recovered.hardState();
        this.log = new RaftLog(recovered.snapshot(), recovered.entries(), hs.commitIndex());
        this.term = hs.term();
        this.votedFor = hs.votedFor();
        this.persistedHardState = hs;
        this.replication = new Replication(this);
        this.reads = new Reads(this);
        this.follower = new FollowerSide(this);
        this.membership = new Membership(this);
        this.role = new FollowerState(null);
        this.restarted = !recovered.isFresh();
        resetElectionTimer();
        if (recovered.isFresh() && !recovered.snapshot().metadata().configuration().voters().isEmpty()) {
            pendingLocal = recovered.snapshot();
        }
    }

    // ---------------------------------------------------------------- driver methods

    /** Advances logical time by one tick (elections, heartbeats, check-quorum, lease, transfer timeout). */
    public void tick() {
        ticks++;
        if (role instanceof LeaderState ls) {
            replication.tickLeader(ls);
        } else {
            electionElapsedTicks++;
            reads.expireForwarded();
            if (electionElapsedTicks >= randomizedElectionTimeoutTicks && promotable()) {
                campaign(cfg.preVote(), false);
            }
        }
    }

    /** Handles one message from a peer. */
    public void step(RaftMessage m) {
        if (!id.equals(m.to())) {
            throw new IllegalArgumentException("message for " + m.to() + " delivered to " + id + ": " + m);
        }
        if (m.term() > term) {
            if (m instanceof PreVote || m instanceof RequestVote) {
                boolean transfer = m instanceof RequestVote rv && rv.transfer();
                if (cfg.checkQuorum() && !transfer && inLease()) {
                    return; // in lease: a leader was heard recently (dissertation §4.2.3)
                }
            }
            boolean keepTerm = m instanceof PreVote || (m instanceof PreVoteResponse r && r.granted());
            if (!keepTerm) {
                boolean fromLeader = m instanceof AppendEntries || m instanceof Heartbeat
                        || m instanceof InstallSnapshot;
                becomeFollower(m.term(), fromLeader ? m.from() : null);
            }
        } else if (m.term() < term) {
            replyToStaleTerm(m);
            return;
        }
        switch (m) {
            case PreVote pv -> handleVoteRequest(pv.from(), pv.term(), pv.lastLogIndex(), pv.lastLogTerm(), true);
            case RequestVote rv -> handleVoteRequest(rv.from(), rv.term(), rv.lastLogIndex(), rv.lastLogTerm(), false);
            case PreVoteResponse r -> {
                if (role instanceof PreCandidateState pc && (r.term() == term + 1 || !r.granted())) {
                    pc.votes.put(r.from(), r.granted());
                    tallyVotes(pc.votes, true);
                }
            }
            case RequestVoteResponse r -> {
                if (role instanceof CandidateState c) {
                    c.votes.put(r.from(), r.granted());
                    tallyVotes(c.votes, false);
                }
            }
            case AppendEntries ae -> {
                followLeader(ae.from());
                follower.onAppendEntries(ae);
            }
            case Heartbeat hb -> {
                followLeader(hb.from());
                log.commitTo(Math.min(hb.commitIndex(), log.lastIndex()));
                send(new HeartbeatResponse(id, hb.from(), term, hb.sequence()));
            }
            case InstallSnapshot is -> {
                followLeader(is.from());
                follower.onInstallSnapshot(is);
            }
            case AppendEntriesResponse r -> {
                if (role instanceof LeaderState ls) {
                    replication.onAppendResponse(ls, r);
                }
            }
            case HeartbeatResponse r -> {
                if (role instanceof LeaderState ls) {
                    replication.onHeartbeatResponse(ls, r);
                }
            }
            case InstallSnapshotResponse r -> {
                if (role instanceof LeaderState ls) {
                    replication.onSnapshotResponse(ls, r);
                }
            }
            case ReadIndexRequest r -> {
                if (role instanceof LeaderState ls) {
                    reads.leaderRead(ls, r.requestId(), r.from());
                } else {
                    send(new ReadIndexResponse(id, r.from(), term, r.requestId(), 0, false));
                }
            }
            case ReadIndexResponse r -> reads.onResponse(r);
            case TimeoutNow t -> {
                if (!(role instanceof LeaderState) && promotable()) {
                    campaign(false, true);
                }
            }
        }
    }

    /** Proposes a command; only a leader accepts it. */
    public ProposeResult propose(Proposal proposal) {
        return proposeAll(List.of(proposal)).get(0);
    }

    /**
     * Proposes several commands at once: they are appended together and replicated in as few messages as the
     * per-message byte limit allows (batching). Results are in the same order.
     */
    public List<ProposeResult> proposeAll(List<Proposal> proposals) {
        List<ProposeResult> results = new ArrayList<>(proposals.size());
        if (!(role instanceof LeaderState ls)) {
            ProposeResult nl = new ProposeResult.NotLeader(leaderId());
            for (int i = 0; i < proposals.size(); i++) {
                results.add(nl);
            }
            return results;
        }
        boolean appended = false;
        for (Proposal p : proposals) {
            if (ls.transferTarget != null) {
                results.add(new ProposeResult.Dropped("leadership transfer to " + ls.transferTarget + " in progress"));
            } else if (p.data().length > cfg.maxEntryBytes()) {
                results.add(new ProposeResult.Dropped("command of " + p.data().length
                        + " bytes exceeds maxEntryBytes " + cfg.maxEntryBytes()));
            } else if (log.lastIndex() - log.committed() >= cfg.maxUncommittedEntries()) {
                results.add(new ProposeResult.Dropped("more than " + cfg.maxUncommittedEntries()
                        + " uncommitted entries; retry later"));
            } else {
                long index = log.lastIndex() + 1;
                appendLocal(ls, new Entry(index, term, EntryType.NORMAL, p.clientId(), p.sequence(),
                        Math.max(log.lastLogTimeMs(), p.nowMs()), p.data()));
                results.add(new ProposeResult.Accepted(index, term));
                appended = true;
            }
        }
        if (appended) {
            replication.broadcastAppend(ls, false);
        }
        return results;
    }

    /** Proposes a membership change (joint consensus when voters change); only one change at a time. */
    public ProposeResult proposeConfChange(ConfChange change) {
        return membership.propose(change);
    }

    /**
     * Requests a linearizable read. The answer comes later as a {@link ReadState} with the same id (serve once
     * applied up to its index) or in {@link Ready#failedReads()}.
     */
    public void readIndex(long requestId) {
        reads.read(requestId);
    }

    /** Asks the leader to hand leadership to {@code targetId}; returns false if this node cannot start it. */
    public boolean transferLeadership(String targetId) {
        if (!(role instanceof LeaderState ls) || id.equals(targetId) || !log.config().isVoter(targetId)) {
            return false;
        }
        ls.transferTarget = targetId;
        ls.transferElapsedTicks = 0;
        ls.timeoutNowSent = false;
        replication.maybeSendTimeoutNow(ls, targetId);
        if (!ls.timeoutNowSent) {
            // catch the target up now: resend from its match index (appends in flight may have been lost)
            Progress pr = ls.progress.get(targetId);
            if (pr.state == Progress.State.REPLICATE) {
                pr.becomeProbe();
            }
            replication.sendAppend(ls, targetId, pr, false);
        }
        return true;
    }

    /** Starts an election now (tests, or a runtime that wants a fast first election). Ignored on leaders. */
    public void campaign() {
        if (!(role instanceof LeaderState) && promotable()) {
            campaign(cfg.preVote(), false);
        }
    }

    /**
     * The application took a snapshot of its state at {@code index} (<= the applied index): the core keeps it to
     * send to lagging followers, discards its log up to {@code index}, and hands it out in
     * {@link Ready#localSnapshot()} for storage. Ignored (returns false) if {@code index} is not beyond the current
     * snapshot: a snapshot from the leader may have been installed since the application decided to compact.
     *
     * @throws IllegalArgumentException if {@code index} is beyond the applied index
     */
    public boolean compact(long index, byte[] snapshotData) {
        if (index <= log.snapshotIndex()) {
            return false;
        }
        pendingLocal = log.compact(index, snapshotData);
        return true;
    }

    /** The transport could not reach {@code peerId}: the leader returns that follower to probing. */
    public void reportUnreachable(String peerId) {
        if (role instanceof LeaderState ls) {
            Progress pr = ls.progress.get(peerId);
            if (pr != null && pr.state == Progress.State.REPLICATE) {
                pr.becomeProbe();
            }
        }
    }

    /** True if {@link #ready()} would return a non-empty batch and no Ready is outstanding. */
    public boolean hasReady() {
        if (readyOutstanding) {
            return false;
        }
        return !outNow.isEmpty() || !outAfterPersist.isEmpty() || !readStates.isEmpty() || !failedReads.isEmpty()
                || pendingInstall != null || pendingLocal != null || log.stableIndex() < log.lastIndex()
                || log.applied() < log.committed() || term != persistedHardState.term()
                || !Objects.equals(votedFor, persistedHardState.votedFor())
                || log.committed() != persistedHardState.commitIndex()
                || (role instanceof LeaderState ls && ls.readHeartbeatNeeded);
    }

    /** Collects the output batch; call {@link #advance(Ready)} once it is handled. */
    public Ready ready() {
        if (readyOutstanding) {
            throw new IllegalStateException("the previous Ready was not advanced yet");
        }
        if (role instanceof LeaderState ls && ls.readHeartbeatNeeded) {
            replication.broadcastHeartbeat(ls);
            reads.onHeartbeatAck(ls);
        }
        HardState hs = currentHardState();
        boolean hsChanged = !hs.equals(persistedHardState);
        List<Entry> entries = log.unstableEntries();
        boolean mustSync = !entries.isEmpty() || pendingInstall != null || hs.termOrVoteDiffers(persistedHardState);
        Ready r = new Ready(hsChanged ? hs : null, entries, pendingInstall, pendingLocal, mustSync, outNow,
                outAfterPersist, log.nextCommitted(cfg.maxInflightBytes()), readStates, failedReads);
        outNow.clear();
        outAfterPersist.clear();
        readStates.clear();
        failedReads.clear();
        pendingInstall = null;
        pendingLocal = null;
        readyOutstanding = true;
        return r;
    }

    /** Acknowledges that {@code ready} was persisted, sent and applied. */
    public void advance(Ready r) {
        if (!readyOutstanding) {
            throw new IllegalStateException("advance without an outstanding Ready");
        }
        readyOutstanding = false;
        if (r.hardState() != null) {
            persistedHardState = r.hardState();
        }
        if (!r.entries().isEmpty()) {
            Entry last = r.entries().get(r.entries().size() - 1);
            log.stableTo(last.index(), last.term());
        }
        if (!r.committedEntries().isEmpty()) {
            long last = r.committedEntries().get(r.committedEntries().size() - 1).index();
            if (last > log.applied()) { // else a snapshot installed meanwhile already moved past them
                log.appliedTo(last);
            }
        }
        if (role instanceof LeaderState ls) {
            Progress self = ls.progress.get(id);
            if (self != null && self.maybeUpdate(log.stableIndex()) && maybeCommit(ls)) {
                replication.broadcastAppend(ls, true);
            }
        }
    }

    /**
     * Under check-quorum a node refuses to vote while it has heard from a leader within an election timeout (the
     * promise leader leases rely on). A restarted node does not remember what it heard, so it refuses for its first
     * election timeout after a restart.
     */
    private boolean inLease() {
        if (electionElapsedTicks >= cfg.electionTimeoutTicks()) {
            return false;
        }
        return leaderId() != null || (restarted && ticks < cfg.electionTimeoutTicks());
    }

    // ---------------------------------------------------------------- status

    public String id() {
        return id;
    }

    public Role role() {
        return role.role();
    }

    public long term() {
        return term;
    }

    /** The leader this node knows of in its current term, or null. */
    public String leaderId() {
        return switch (role) {
            case FollowerState f -> f.leaderId;
            case LeaderState ls -> id;
            case PreCandidateState pc -> null;
            case CandidateState c -> null;
        };
    }

    public long commitIndex() {
        return log.committed();
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    /** Index of the last committed entry handed to the application and acknowledged by {@link #advance}. */
    public long appliedIndex() {
        return log.applied();
    }

    /** Index of the latest snapshot (0 if none). */
    public long snapshotIndex() {
        return log.snapshotIndex();
    }

    /** Term of the entry at {@code index}, or -1 if compacted or absent. */
    public long termAt(long index) {
        return log.term(index);
    }

    /** The membership in effect (the latest configuration in the log, committed or not). */
    public Configuration configuration() {
        return log.config();
    }

    /** The hard state as it is now in memory (persisted or not). */
    public HardState hardState() {
        return currentHardState();
    }

    @Override
    public String toString() {
        return id + "[" + role.role() + " term=" + term + " last=" + log.lastIndex() + " commit=" + log.committed() + "]";
    }

    // ---------------------------------------------------------------- transitions

    private HardState currentHardState() {
        return new HardState(term, votedFor, log.committed());
    }

    /**
     * A node may campaign if it is a voter of its latest configuration, or a voter (incoming or outgoing) of the
     * latest configuration it knows to be committed while a newer one is not: Raft dissertation §4.2.2 — a server
     * outside its own latest configuration may still be needed to commit it (a leader that removed itself and
     * restarted holds the only copy of C_new that the remaining voters need). Once C_new commits it stops.
     */
    boolean promotable() {
        if (log.config().isVoter(id)) {
            return true;
        }
        return log.configIndex() > log.committed() && log.configAt(log.committed()).allVoters().contains(id);
    }

    void resetElectionTimer() {
        electionElapsedTicks = 0;
        randomizedElectionTimeoutTicks = Timing.randomizedElectionTimeout(cfg.electionTimeoutTicks(),
                cfg.electionTimeoutMaxTicks(), random);
    }

    private void setRole(RoleState next) {
        RoleState prev = role;
        if (prev instanceof FollowerState f) {
            failedReads.addAll(f.forwardedReads.keySet());
            f.forwardedReads.clear();
        } else if (prev instanceof LeaderState ls) {
            reads.failAll(ls);
        }
        role = next;
    }

    void becomeFollower(long newTerm, String leader) {
        if (newTerm < term) {
            throw new IllegalStateException("term would go backwards from " + term + " to " + newTerm);
        }
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
        }
        setRole(new FollowerState(leader));
        resetElectionTimer();
    }

    /** A current-term leader message arrived: follow the sender (two leaders in one term is a safety violation). */
    private void followLeader(String leader) {
        switch (role) {
            case LeaderState ls -> throw new IllegalStateException("two leaders in term " + term + ": " + id
                    + " and " + leader);
            case FollowerState f -> {
                if (!Objects.equals(f.leaderId, leader)) {
                    becomeFollower(term, leader);
                }
            }
            case PreCandidateState pc -> becomeFollower(term, leader);
            case CandidateState c -> becomeFollower(term, leader);
        }
        electionElapsedTicks = 0;
    }

    private void campaign(boolean pre, boolean transfer) {
        Configuration config = log.config();
        if (pre) {
            PreCandidateState pc = new PreCandidateState();
            setRole(pc);
            resetElectionTimer();
            pc.votes.put(id, true);
            if (tallyVotes(pc.votes, true)) {
                return;
            }
            for (String peer : config.allVoters()) {
                if (!peer.equals(id)) {
                    send(new PreVote(id, peer, term + 1, log.lastIndex(), log.lastTerm()));
                }
            }
        } else {
            term++;
            votedFor = id;
            CandidateState c = new CandidateState(transfer);
            setRole(c);
            resetElectionTimer();
            c.votes.put(id, true);
            if (tallyVotes(c.votes, false)) {
                return;
            }
            for (String peer : config.allVoters()) {
                if (!peer.equals(id)) {
                    send(new RequestVote(id, peer, term, log.lastIndex(), log.lastTerm(), transfer));
                }
            }
        }
    }

    /** Counts votes; acts on a decided election. Returns true if decided. */
    private boolean tallyVotes(java.util.Map<String, Boolean> votes, boolean pre) {
        switch (Quorum.vote(log.config(), votes)) {
            case WON -> {
                if (pre) {
                    campaign(false, false);
                } else {
                    becomeLeader();
                }
                return true;
            }
            case LOST -> {
                becomeFollower(term, null);
                return true;
            }
            case PENDING -> {
                return false;
            }
        }
        return false;
    }

    private void becomeLeader() {
        LeaderState ls = new LeaderState();
        setRole(ls);
        heartbeatElapsedTicks = 0;
        electionElapsedTicks = 0;
        membership.syncProgress(ls);
        ls.progress.get(id).maybeUpdate(log.stableIndex());
        ls.pendingConfIndex = log.lastIndex();
        appendLocal(ls, new Entry(log.lastIndex() + 1, term, EntryType.NOOP, 0, 0, log.lastLogTimeMs(), null));
        replication.broadcastAppend(ls, true);
    }

    private void handleVoteRequest(String from, long msgTerm, long lastIndex, long lastTerm, boolean pre) {
        boolean canVote = from.equals(votedFor) || (votedFor == null && leaderId() == null)
                || (pre && msgTerm > term);
        boolean grant = canVote && log.isUpToDate(lastIndex, lastTerm);
        if (pre) {
            send(new PreVoteResponse(id, from, grant ? msgTerm : term, grant));
        } else {
            if (grant) {
                votedFor = from;
                electionElapsedTicks = 0;
            }
            send(new RequestVoteResponse(id, from, term, grant));
        }
    }

    private void replyToStaleTerm(RaftMessage m) {
        switch (m) {
            case AppendEntries ae -> send(new AppendEntriesResponse(id, ae.from(), term, false, ae.prevLogIndex(), 0, 0));
            case Heartbeat hb -> send(new HeartbeatResponse(id, hb.from(), term, hb.sequence()));
            case InstallSnapshot is -> send(new InstallSnapshotResponse(id, is.from(), term, is.metadata().index(),
                    0, false, true));
            case RequestVote rv -> send(new RequestVoteResponse(id, rv.from(), term, false));
            case PreVote pv -> send(new PreVoteResponse(id, pv.from(), term, false));
            case ReadIndexRequest r -> send(new ReadIndexResponse(id, r.from(), term, r.requestId(), 0, false));
            case PreVoteResponse r -> { }
            case RequestVoteResponse r -> { }
            case AppendEntriesResponse r -> { }
            case HeartbeatResponse r -> { }
            case InstallSnapshotResponse r -> { }
            case ReadIndexResponse r -> reads.onResponse(r);
            case TimeoutNow t -> { }
        }
    }

    // ---------------------------------------------------------------- leader helpers

    /** Appends to the leader's own log; the entry counts for the leader only once durable (see advance). */
    void appendLocal(LeaderState ls, Entry e) {
        log.append(e);
        if (e.type() == EntryType.CONFIG) {
            membership.syncProgress(ls);
        }
    }

    /**
     * Advances the commit index to what a quorum holds, only for an entry of the current term (Figure 8), then
     * finishes membership changes: leaves a committed joint configuration, steps down if removed.
     */
    boolean maybeCommit(LeaderState ls) {
        Configuration config = log.config();
        long index = Quorum.quorumIndex(config, peer -> {
            Progress pr = ls.progress.get(peer);
            return pr == null ? 0 : pr.match;
        });
        if (index <= log.committed() || log.term(index) != term) {
            return false;
        }
        log.commitTo(index);
        reads.onCommitted(ls);
        return membership.afterCommit(ls, config);
    }

    /** Queues an outgoing message: leader traffic may leave before persistence, everything else after. */
    void send(RaftMessage m) {
        if (role instanceof LeaderState || m instanceof PreVote || m instanceof PreVoteResponse
                || m instanceof ReadIndexRequest) {
            outNow.add(m);
        } else {
            outAfterPersist.add(m);
        }
    }
}
