package io.tally.sim.raft;

import io.tally.raft.Entry;
import io.tally.raft.ProposeResult;
import io.tally.raft.Proposal;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.ReadState;
import io.tally.raft.Ready;
import io.tally.raft.message.RaftMessage;
import io.tally.raft.session.SessionTable;
import io.tally.raft.storage.RecoveredState;
import io.tally.sim.disk.SimStorage;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One simulated server: a {@link RaftNode} driven by the simulated clock, its {@link SimStorage}, and
 * its {@link SimStateMachine} (made by the run's {@link SimWorkload}; {@link KvStateMachine} by default). Handles each Ready as the Raft contract says: send
 * {@code messages()} at once, write the batch, sync (taking {@code syncLatencyMs} of simulated
 * time on a slow disk; nothing else of this node's output happens meanwhile), then send
 * {@code messagesAfterPersist()}, apply, serve reads and advance. Can crash (volatile state and
 * unsynced writes lost), restart from its disk, and pause (events queue up until it resumes).
 * Simulation thread only.
 */
public final class SimNode {
    /** Where a node's output goes (the simulation's network and checks). */
    public interface Environment {
        void send(int fromNode, int toNetIndex, SimMessage message);

        int netIndexOf(String nodeId);

        void entryWritten(SimNode node, Entry entry);

        void applied(SimNode node, Entry entry, SessionTable.Outcome outcome, long stateHash);

        void snapshotRestored(SimNode node, long index, long stateHash);
    }

    private record WriteKey(long clientId, long sequence) { }

    private record PendingRequest(int clientNetIndex, SimMessage.Request request) { }

    private record WaitingRead(long readIndex, PendingRequest request) { }

    private static final int INBOX_MAX = 10_000;
    private static final long SESSION_TIMEOUT_MS = 24L * 3600 * 1000;

    private final int index;
    private final String id;
    private final RaftConfig config;
    private final Scheduler scheduler;
    private final SimRandom random;
    private final Environment env;
    private final SimStorage disk;
    private final long compactEveryEntries;
    private RaftNode raft;
    private final Supplier<SimStateMachine<Object, Object>> stateMachines;
    private SimStateMachine<Object, Object> sm;
    private boolean up;
    private boolean paused;
    private boolean syncing;
    private int incarnation;
    private long syncLatencyMs;
    private HarnessBug bug = HarnessBug.NONE;
    private long lastCompactIndex;
    private long nextReadId = 1;
    private final ArrayDeque<Runnable> inbox = new ArrayDeque<>();
    private final Map<WriteKey, PendingRequest> pendingWrites = new HashMap<>();
    private final Map<Long, PendingRequest> pendingReads = new HashMap<>();
    private final List<WaitingRead> waitingReads = new ArrayList<>();

    /**
     * @param compactEveryEntries take a snapshot and compact the log every this many applied entries
     *     (0 = never)
     */
    public SimNode(int index, RaftConfig config, SimStorage disk, Scheduler scheduler, SimRandom random,
            Environment env, long compactEveryEntries) {
        this(index, config, disk, scheduler, random, env, compactEveryEntries, KvWorkload.INSTANCE);
    }

    /** A node whose state machine {@code workload} makes (afresh at every start). */
    public SimNode(int index, RaftConfig config, SimStorage disk, Scheduler scheduler, SimRandom random,
            Environment env, long compactEveryEntries, SimWorkload<?, ?, ?> workload) {
        this.stateMachines = () -> RaftSimulation.erase(workload).newStateMachine(SESSION_TIMEOUT_MS, 10_000);
        this.index = index;
        this.id = config.id();
        this.config = config;
        this.disk = disk;
        this.scheduler = scheduler;
        this.random = random;
        this.env = env;
        this.compactEveryEntries = compactEveryEntries;
    }

    /** Starts (or restarts) the process from what its disk recovers. */
    public void start() {
        if (up) {
            throw new IllegalStateException(id + " is already up");
        }
        incarnation++;
        RecoveredState rec = disk.recover();
        sm = stateMachines.get();
        sm.restore(rec.snapshot().index(), rec.snapshot().data());
        lastCompactIndex = rec.snapshot().index();
        raft = new RaftNode(config, rec, random.stream("raft-" + incarnation));
        up = true;
        paused = false;
        syncing = false;
        scheduler.trace().fold("start " + id + " inc " + incarnation + " last " + rec.snapshot().index() + "+"
                + rec.entries().size());
        drive();
    }

    /** Power loss: volatile state and unsynced writes are gone; returns what the disk kept. */
    public String crash(java.util.Random faultRandom, double tornProbability) {
        if (!up) {
            throw new IllegalStateException(id + " is already down");
        }
        up = false;
        raft = null;
        sm = null;
        inbox.clear();
        pendingWrites.clear();
        pendingReads.clear();
        waitingReads.clear();
        incarnation++;
        return disk.crash(faultRandom, tornProbability);
    }

    /** Stops processing (a GC pause): everything that arrives waits until {@link #resume()}. */
    public void pause() {
        if (up) {
            paused = true;
        }
    }

    /** Ends a pause and processes what queued up, in order. */
    public void resume() {
        if (!up || !paused) {
            return;
        }
        paused = false;
        while (!inbox.isEmpty() && up && !paused) {
            inbox.poll().run();
        }
    }

    /** One clock tick (the simulation calls it every tickMs). */
    public void tick() {
        runOrQueue(() -> {
            raft.tick();
            drive();
        });
    }

    /** A message from the network. */
    public void receive(SimMessage message, int fromNetIndex) {
        switch (message) {
            case SimMessage.Peer p -> runOrQueue(() -> {
                raft.step(p.message());
                drive();
            });
            case SimMessage.Request r -> runOrQueue(() -> {
                onRequest(fromNetIndex, r);
                drive();
            });
            case SimMessage.Reply r -> throw new IllegalStateException(id + " got a client reply " + r);
        }
    }

    private void runOrQueue(Runnable r) {
        if (!up) {
            return;
        }
        if (paused) {
            if (inbox.size() < INBOX_MAX) {
                inbox.add(r);
            }
            return;
        }
        r.run();
    }

    private void onRequest(int from, SimMessage.Request r) {
        boolean read = sm.isRead(r.op());
        if (read && bug == HarnessBug.READ_LOCALLY) {
            reply(from, r, SimMessage.ReplyKind.OK, sm.read(r.key(), r.op()), null);
            return;
        }
        if (read) {
            long rid = nextReadId++;
            pendingReads.put(rid, new PendingRequest(from, r));
            raft.readIndex(rid);
            return;
        }
        ProposeResult res = raft.propose(new Proposal(sm.encode(r.key(), r.op()), r.clientId(), r.sequence(),
                scheduler.nowMs()));
        switch (res) {
            case ProposeResult.Accepted a -> pendingWrites.put(new WriteKey(r.clientId(), r.sequence()),
                    new PendingRequest(from, r));
            case ProposeResult.NotLeader n -> reply(from, r, SimMessage.ReplyKind.NOT_LEADER, null, n.leaderHint());
            case ProposeResult.Dropped d -> reply(from, r, SimMessage.ReplyKind.RETRY, null, null);
        }
    }

    /** Takes and handles Ready batches until none is left or a slow sync is in progress. */
    private void drive() {
        while (up && !paused && !syncing && raft.hasReady()) {
            Ready rd = raft.ready();
            send(rd.messages());
            if (bug == HarnessBug.SEND_BEFORE_PERSIST) {
                send(rd.messagesAfterPersist());
            }
            write(rd);
            if (rd.mustSync() && syncLatencyMs > 0) {
                syncing = true;
                int inc = incarnation;
                scheduler.after(syncLatencyMs, "sync " + id, () -> {
                    if (inc != incarnation) {
                        return; // crashed meanwhile: the writes were not synced
                    }
                    runOrQueue(() -> {
                        sync();
                        syncing = false;
                        finish(rd);
                        drive();
                    });
                });
                return;
            }
            if (rd.mustSync()) {
                sync();
            }
            finish(rd);
        }
    }

    private void sync() {
        if (bug != HarnessBug.SYNC_IS_A_NO_OP) {
            disk.sync();
        }
    }

    private void write(Ready rd) {
        if (rd.snapshot() != null) {
            disk.saveSnapshot(rd.snapshot());
        }
        if (!rd.entries().isEmpty()) {
            long first = rd.entries().get(0).index();
            if (first <= disk.lastIndex()) {
                disk.truncateSuffix(first);
            }
            disk.append(rd.entries());
            for (Entry e : rd.entries()) {
                env.entryWritten(this, e);
            }
        }
        if (rd.hardState() != null) {
            disk.saveHardState(rd.hardState());
        }
        if (rd.localSnapshot() != null) {
            disk.saveSnapshot(rd.localSnapshot());
        }
    }

    private void finish(Ready rd) {
        if (bug != HarnessBug.SEND_BEFORE_PERSIST) {
            send(rd.messagesAfterPersist());
        }
        if (rd.snapshot() != null && rd.snapshot().index() > sm.appliedIndex()) {
            sm.restore(rd.snapshot().index(), rd.snapshot().data());
            lastCompactIndex = Math.max(lastCompactIndex, rd.snapshot().index());
            env.snapshotRestored(this, rd.snapshot().index(), sm.stateHash());
        }
        for (Entry e : rd.committedEntries()) {
            SimStateMachine.Applied a = sm.apply(e);
            if (a != null) {
                env.applied(this, e, a.outcome(), sm.stateHash());
                answerWrite(e, a.outcome());
            }
        }
        for (ReadState rs : rd.readStates()) {
            PendingRequest p = pendingReads.remove(rs.requestId());
            if (p != null) {
                waitingReads.add(new WaitingRead(rs.readIndex(), p));
            }
        }
        for (long failed : rd.failedReads()) {
            PendingRequest p = pendingReads.remove(failed);
            if (p != null) {
                reply(p.clientNetIndex(), p.request(), SimMessage.ReplyKind.RETRY, null, raft.leaderId());
            }
        }
        serveReads();
        raft.advance(rd);
        if (compactEveryEntries > 0 && sm.appliedIndex() - lastCompactIndex >= compactEveryEntries) {
            lastCompactIndex = sm.appliedIndex();
            raft.compact(sm.appliedIndex(), sm.snapshot());
        }
    }

    private void serveReads() {
        Iterator<WaitingRead> it = waitingReads.iterator();
        while (it.hasNext()) {
            WaitingRead w = it.next();
            if (w.readIndex() <= sm.appliedIndex()) {
                it.remove();
                SimMessage.Request r = w.request().request();
                reply(w.request().clientNetIndex(), r, SimMessage.ReplyKind.OK, sm.read(r.key(), r.op()), null);
            }
        }
    }

    private void answerWrite(Entry e, SessionTable.Outcome outcome) {
        if (!e.hasSession()) {
            return;
        }
        PendingRequest p = pendingWrites.remove(new WriteKey(e.clientId(), e.sequence()));
        if (p == null) {
            return;
        }
        switch (outcome) {
            case SessionTable.Outcome.Applied a ->
                    reply(p.clientNetIndex(), p.request(), SimMessage.ReplyKind.OK, sm.output(p.request().op(), a.response()), null);
            case SessionTable.Outcome.Duplicate d ->
                    reply(p.clientNetIndex(), p.request(), SimMessage.ReplyKind.OK, sm.output(p.request().op(), d.response()), null);
            case SessionTable.Outcome.Stale s -> reply(p.clientNetIndex(), p.request(), SimMessage.ReplyKind.RETRY, null, null);
            case SessionTable.Outcome.Expired x -> throw new IllegalStateException(
                    "session of client " + e.clientId() + " expired at " + e + " although the timeout exceeds the run");
        }
    }

    private void reply(int to, SimMessage.Request r, SimMessage.ReplyKind kind, Object out, String hint) {
        env.send(index, to, new SimMessage.Reply(r.clientId(), r.opId(), kind, out, hint));
    }

    private void send(List<RaftMessage> messages) {
        for (RaftMessage m : messages) {
            env.send(index, env.netIndexOf(m.to()), new SimMessage.Peer(m));
        }
    }

    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public boolean up() {
        return up;
    }

    public boolean paused() {
        return paused;
    }

    /** The Raft core, or null while the node is down. */
    public RaftNode raft() {
        return raft;
    }

    /** The state machine, or null while the node is down. */
    public SimStateMachine<?, ?> stateMachine() {
        return sm;
    }

    public SimStorage disk() {
        return disk;
    }

    /**
     * Proposes a command directly (no client) and sends what results at once: the election
     * experiment uses it to make the leader broadcast an entry just before it crashes, as the
     * paper's test script did. Returns whether this node accepted it.
     */
    boolean proposeDirect(byte[] data) {
        if (!up || paused) {
            return false;
        }
        boolean accepted = raft.propose(new Proposal(data, 0, 0, scheduler.nowMs())) instanceof ProposeResult.Accepted;
        drive();
        return accepted;
    }

    /**
     * Asks this node's core to change the membership (it must lead) and handles the resulting Ready at once. Returns
     * the core's answer, or null if the node is down or paused.
     */
    ProposeResult proposeConfChange(io.tally.raft.ConfChange change) {
        if (!up || paused) {
            return null;
        }
        ProposeResult r = raft.proposeConfChange(change);
        drive();
        return r;
    }

    /** Asks this node's core to hand leadership to {@code target}; false if it refused or the node cannot act. */
    boolean transferLeadership(String target) {
        if (!up || paused) {
            return false;
        }
        boolean started = raft.transferLeadership(target);
        drive();
        return started;
    }

    /** Makes this node's harness misbehave on purpose (tests of the checks only). */
    void injectBug(HarnessBug b) {
        this.bug = b;
    }

    /** Sets how long a sync takes on this node's disk, in simulated ms (0 = at once). */
    public void setSyncLatencyMs(long ms) {
        this.syncLatencyMs = ms;
    }
}
