package io.tally.server.raft;

import io.tally.raft.Configuration;
import io.tally.server.core.ApiReply;
import io.tally.raft.Proposal;
import io.tally.raft.ProposeResult;
import io.tally.raft.RaftConfig;
import io.tally.raft.RaftNode;
import io.tally.raft.ReadState;
import io.tally.raft.Ready;
import io.tally.raft.Role;
import io.tally.raft.message.RaftMessage;
import io.tally.store.codec.CommandCodec;
import io.tally.store.codec.EntryCodec;
import io.tally.store.command.Result;
import io.tally.store.state.Queries;
import io.tally.store.state.StateReader;
import io.tally.wire.data.DataCodec;
import io.tally.wire.proto.DataForwardReply;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.ForwardStatus;
import io.tally.wire.raft.RaftCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RaftNode} on the node loop thread and serves the strong keyspaces through it. Only the node
 * loop thread calls {@link #handle}; the storage thread only runs {@link ApplyWorker} jobs and puts their
 * {@link RaftEvent.Persisted} back on the queue. Times are node-clock milliseconds.
 *
 * <p>Ready handling (docs/raft.md): at most one Ready outstanding. Taking it: send {@code messages()} at once and
 * give the Ready to the storage thread. When {@code Persisted} comes back: send {@code messagesAfterPersist()},
 * answer the clients whose entries were applied, serve ReadIndex reads whose index is applied, retry failed reads,
 * {@code advance}, and {@code compact} if the worker took a snapshot.
 *
 * <p>A client request goes through these states:
 * <table>
 * <caption>request states</caption>
 * <tr><th>state</th><th>event</th><th>next</th></tr>
 * <tr><td>waiting (write)</td><td>flush or tick, this node leads, no Ready in flight; or the Ready in flight is
 *     done</td><td>proposed (every waiting write in one {@code proposeAll}, so one append per follower)</td></tr>
 * <tr><td>waiting (write)</td><td>flush or tick, a leader is known</td><td>forwarded to it (never for a write forwarded to us)</td></tr>
 * <tr><td>waiting (read)</td><td>flush or tick</td><td>reading (one {@code readIndex} round for all reads waiting)</td></tr>
 * <tr><td>proposed</td><td>its index applied with its term</td><td>done (the result)</td></tr>
 * <tr><td>proposed</td><td>its index applied with another term</td><td>waiting (certainly not applied)</td></tr>
 * <tr><td>forwarded</td><td>reply OK / NOT_LEADER or UNAVAILABLE</td><td>done / waiting</td></tr>
 * <tr><td>reading</td><td>ReadState / failed read</td><td>awaiting apply / waiting</td></tr>
 * <tr><td>awaiting apply</td><td>applied index reaches the read index</td><td>done (query local state)</td></tr>
 * <tr><td>any</td><td>request timeout passes</td><td>unavailable (503 with Retry-After)</td></tr>
 * </table>
 */
public final class RaftDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RaftDriver.class);
    /** Tick period of the Raft core. */
    public static final long TICK_MS = 10;
    /** Requests waiting in this node at most (beyond: unavailable at once). */
    public static final int PENDING_REQUESTS_MAX = 20_000;
    private static final int EXPIRE_EVERY_TICKS = 5;
    /** Forwards (or replies) per peer message at most, and forward bytes per message at most (under the frame limit). */
    static final int FORWARD_BATCH_MAX = 512;
    static final long FORWARD_BATCH_BYTES_MAX = 512 * 1024;
    /** Commands per batch log entry at most, and encoded command bytes per batch entry (well under maxEntryBytes). */
    static final int ENTRY_COMMANDS_MAX = 256;
    static final long ENTRY_BATCH_BYTES_MAX = 256 * 1024;

    /** What the driver needs from the runtime. */
    public interface Effects {
        /** Puts an event on the node queue (any thread); false if refused (full or stopping). */
        boolean enqueue(RaftEvent event);

        /** Queues an envelope to a peer (loop thread, never blocks); false if not connected or refused. */
        boolean send(String nodeId, Envelope envelope);

        /** True once the node is stopping (completions then stop retrying to enqueue). */
        boolean stopping();
    }

    private RaftNode node;
    private final RaftConfig raftConfig;
    private final java.util.Random random;
    private java.util.SortedSet<String> pendingBootstrap;
    private final ApplyWorker worker;
    private final Executor storageThread;
    private final Effects effects;
    private final StateReader reader;
    private final long requestTimeoutMs;

    private boolean readyInFlight;
    private boolean flushScheduled;
    private long appliedIndex;
    private long ticks;
    /**
     * Ids of forwarded writes and ReadIndex rounds. They start at a random base on every start (31 random bits above
     * a 32-bit counter) so that a late answer to a request of an earlier run of this node (sent before a crash,
     * delivered after the restart) never matches a new request: the crash loop test caught exactly that.
     */
    private long nextRequestId;
    private int pendingCount;
    private final Deque<Pending> waitingWrites = new ArrayDeque<>();
    private final Deque<Pending> waitingReads = new ArrayDeque<>();
    /** Proposed writes by log index: one entry carries one write or a batch of them (in command order). */
    private final TreeMap<Long, List<Pending>> proposed = new TreeMap<>();
    private final Map<Long, Pending> forwarded = new HashMap<>();
    /** Replies to forwarding nodes produced by the current event, sent as one message per node when it is handled. */
    private final Map<String, List<DataForwardReply>> repliesOut = new TreeMap<>();
    /** ReadIndex rounds in flight: one round serves every read that was waiting when it started. */
    private final Map<Long, List<Pending>> reading = new HashMap<>();
    private long lastNowMs;
    private final TreeMap<Long, List<Pending>> awaitingApply = new TreeMap<>();
    private final TreeMap<Long, AdminPending> adminPending = new TreeMap<>();

    /** A configuration change proposed at some index, answered once that index is applied. */
    private record AdminPending(long term, CompletableFuture<ApiReply> reply, long deadlineMs) {}

    /** One request in flight: a local client's (reply set) or a peer's forwarded write (origin set). */
    private static final class Pending {
        final ClientRequest request;
        final CompletableFuture<Outcome> reply;
        final String originNode;
        final long originRequestId;
        final long deadlineMs;
        byte[] encoded;
        long term;

        Pending(ClientRequest request, CompletableFuture<Outcome> reply, String originNode, long originRequestId, long deadlineMs) {
            this.request = request;
            this.reply = reply;
            this.originNode = originNode;
            this.originRequestId = originRequestId;
            this.deadlineMs = deadlineMs;
        }

        boolean remote() {
            return reply == null;
        }
    }

    RaftDriver(RaftConfig raftConfig, java.util.Random random, RaftNode node, ApplyWorker worker, Executor storageThread,
               Effects effects, StateReader reader, long requestTimeoutMs) {
        this.raftConfig = raftConfig;
        this.random = random;
        this.node = node;
        this.worker = worker;
        this.storageThread = storageThread;
        this.effects = effects;
        this.reader = reader;
        this.requestTimeoutMs = requestTimeoutMs;
        this.appliedIndex = reader.appliedIndex();
        this.nextRequestId = ((random.nextLong() & 0x7fff_ffffL) << 32) + 1;
    }

    /** Handles one event (loop thread). An IllegalStateException means corrupt state: the node stops. */
    public void handle(RaftEvent event, long nowMs) {
        lastNowMs = nowMs;
        switch (event) {
            case RaftEvent.Tick t -> {
                node.tick();
                if (++ticks % EXPIRE_EVERY_TICKS == 0) {
                    expire(nowMs);
                }
                if (!waitingWrites.isEmpty() || !waitingReads.isEmpty()) {
                    dispatch(nowMs);
                }
            }
            case RaftEvent.Message m -> {
                if (worker.snapshots().admit(m.message(), node.commitIndex())) { // held until a streamed archive is staged
                    node.step(m.message());
                }
            }
            case RaftEvent.Call c -> accept(c.request(), c.reply(), nowMs);
            case RaftEvent.Admin a -> admin(a.op(), a.reply(), nowMs);
            case RaftEvent.Flush f -> {
                flushScheduled = false;
                dispatch(nowMs);
            }
            case RaftEvent.Forwarded f -> onForwarded(f, nowMs);
            case RaftEvent.ForwardAnswered a -> a.replies().forEach(this::onForwardAnswered);
            case RaftEvent.Persisted p -> onPersisted(p);
        }
        pump();
        sendReplies();
    }

    /**
     * The membership saw the {@code --bootstrap-expect} voters alive: a node that holds no Raft state yet founds the
     * group with them (once no Ready is outstanding); a node that already has a configuration or a log ignores it.
     */
    public void bootstrap(java.util.SortedSet<String> voters) {
        if (node.configuration().allMembers().isEmpty() && node.lastIndex() == 0 && node.term() == 0) {
            pendingBootstrap = voters;
            pump();
        }
    }

    /** The node is stopping: every request still pending is answered unavailable. */
    public void stopping() {
        List<Pending> all = new ArrayList<>(waitingWrites);
        all.addAll(waitingReads);
        proposed.values().forEach(all::addAll);
        all.addAll(forwarded.values());
        reading.values().forEach(all::addAll);
        awaitingApply.values().forEach(all::addAll);
        waitingWrites.clear();
        waitingReads.clear();
        proposed.clear();
        forwarded.clear();
        reading.clear();
        awaitingApply.clear();
        adminPending.values().forEach(a -> a.reply().complete(ApiReply.error(503, "unavailable", "the node is stopping")));
        adminPending.clear();
        for (Pending p : all) {
            finish(p, new Outcome.Unavailable("the node is stopping", false));
        }
        sendReplies();
    }

    /** Raft status for {@code /v1/cluster} (loop thread). */
    public RaftStatus status() {
        Configuration c = node.configuration();
        return new RaftStatus(node.id(), node.role(), node.term(), node.leaderId(), node.commitIndex(), appliedIndex,
                node.lastIndex(), node.snapshotIndex(), c.voters(), c.learners());
    }

    // ---------------------------------------------------------------- administration

    private void admin(AdminOp op, CompletableFuture<ApiReply> reply, long nowMs) {
        if (node.role() != Role.LEADER) {
            String leader = node.leaderId();
            ApiReply r = ApiReply.error(503, "not_leader", "cluster changes go to the leader"
                    + (leader == null ? "; there is none now" : ": send this to " + leader)).withHeader("Retry-After", "1");
            reply.complete(leader == null ? r : r.withHeader("Tally-Leader", leader));
            return;
        }
        switch (op) {
            case AdminOp.Change c -> {
                switch (node.proposeConfChange(c.change())) {
                    case ProposeResult.Accepted a -> adminPending.put(a.index(), new AdminPending(a.term(), reply, nowMs + requestTimeoutMs));
                    case ProposeResult.NotLeader n -> reply.complete(ApiReply.error(503, "not_leader", "leadership moved").withHeader("Retry-After", "1"));
                    case ProposeResult.Dropped d -> reply.complete(ApiReply.error(409, "conflict", d.reason()));
                }
            }
            case AdminOp.TransferLeader t -> {
                if (node.transferLeadership(t.nodeId())) {
                    reply.complete(ApiReply.json(202, Map.of("transferring_to", t.nodeId(), "from", node.id())));
                } else {
                    reply.complete(ApiReply.error(409, "conflict", "cannot transfer leadership to " + t.nodeId()
                            + ": expected a voter other than the leader " + node.id() + " (voters " + node.configuration().voters() + ")"));
                }
            }
        }
    }

    private void adminApplied(RaftEvent.Applied a) {
        AdminPending p = adminPending.remove(a.index());
        if (p == null) {
            return;
        }
        if (p.term() == a.term()) {
            Configuration c = node.configuration();
            p.reply().complete(ApiReply.json(200, Map.of("voters", List.copyOf(c.voters()), "learners", List.copyOf(c.learners()),
                    "joint", c.isJoint())));
        } else {
            p.reply().complete(ApiReply.error(503, "unavailable", "leadership changed before the change committed; it was not applied")
                    .withHeader("Retry-After", "1"));
        }
    }

    // ---------------------------------------------------------------- client requests

    private void accept(ClientRequest request, CompletableFuture<Outcome> reply, long nowMs) {
        if (request.command().isRead() && request.serializable()) {
            reply.complete(new Outcome.Done(Queries.read(reader, request.command())));
            return;
        }
        if (pendingCount >= PENDING_REQUESTS_MAX) {
            reply.complete(new Outcome.Unavailable("more than " + PENDING_REQUESTS_MAX + " requests pending on this node", true));
            return;
        }
        Pending p = new Pending(request, reply, null, 0, nowMs + requestTimeoutMs);
        pendingCount++;
        (request.command().isRead() ? waitingReads : waitingWrites).add(p);
        scheduleFlush(nowMs);
    }

    private void onForwarded(RaftEvent.Forwarded f, long nowMs) {
        for (DataCodec.Forward fw : f.forwards()) {
            if (node.role() != Role.LEADER || fw.command().isRead()) {
                reply(f.fromNodeId(), DataCodec.failedReply(fw.requestId(), ForwardStatus.FORWARD_NOT_LEADER,
                        node.leaderId(), "node " + node.id() + " does not lead"));
                continue;
            }
            Pending p = new Pending(new ClientRequest(fw.command(), false, fw.clientId(), fw.sequence()), null,
                    f.fromNodeId(), fw.requestId(), nowMs + requestTimeoutMs);
            p.encoded = fw.encodedCommand(); // checked by decoding on arrival; proposed as received
            pendingCount++;
            waitingWrites.add(p);
        }
        if (!waitingWrites.isEmpty()) {
            scheduleFlush(nowMs);
        }
    }

    /** Queues a reply to a forwarding node; {@link #sendReplies} sends each node's replies as one message. */
    private void reply(String nodeId, DataForwardReply r) {
        repliesOut.computeIfAbsent(nodeId, k -> new ArrayList<>()).add(r);
    }

    private void sendReplies() {
        if (repliesOut.isEmpty()) {
            return;
        }
        for (Map.Entry<String, List<DataForwardReply>> e : repliesOut.entrySet()) {
            List<DataForwardReply> all = e.getValue();
            for (int from = 0; from < all.size(); from += FORWARD_BATCH_MAX) {
                effects.send(e.getKey(), DataCodec.replyBatch(all.subList(from, Math.min(all.size(), from + FORWARD_BATCH_MAX))));
            }
        }
        repliesOut.clear();
    }

    private void onForwardAnswered(DataForwardReply r) {
        Pending p = forwarded.remove(r.getRequestId());
        if (p == null) {
            return; // timed out meanwhile
        }
        switch (r.getStatus()) {
            case FORWARD_OK -> finish(p, new Outcome.Done(DataCodec.result(r)));
            // not applied for sure: try again with whoever leads by the next tick
            case FORWARD_NOT_LEADER, FORWARD_UNAVAILABLE, UNRECOGNIZED -> waitingWrites.add(p);
        }
    }

    private void scheduleFlush(long nowMs) {
        if (!flushScheduled) {
            flushScheduled = effects.enqueue(new RaftEvent.Flush());
            if (!flushScheduled) {
                dispatch(nowMs);
            }
        }
    }

    /** Proposes or forwards every waiting write (one batch), and starts a ReadIndex round for every waiting read. */
    private void dispatch(long nowMs) {
        if (!waitingWrites.isEmpty()) {
            if (node.role() == Role.LEADER) {
                if (!readyInFlight) {
                    propose(nowMs); // else pump() proposes them all at once when the Ready in flight is done
                }
            } else if (node.leaderId() != null && !node.leaderId().equals(node.id())) {
                forward(node.leaderId());
            }
        }
        if (!waitingReads.isEmpty()) {
            // One ReadIndex round for every read waiting now: its read index is valid for all of them.
            long id = nextRequestId++;
            reading.put(id, new ArrayList<>(waitingReads));
            waitingReads.clear();
            node.readIndex(id);
        }
    }

    /**
     * Proposes every waiting write: consecutive writes share one log entry (a batch of up to {@link #ENTRY_COMMANDS_MAX}
     * commands and about {@link #ENTRY_BATCH_BYTES_MAX} bytes, each command with its own client session), so a burst
     * costs a few entries: one WAL record, one apply write and one session sweep each.
     */
    private void propose(long nowMs) {
        List<Pending> batch = new ArrayList<>(waitingWrites);
        waitingWrites.clear();
        List<List<Pending>> groups = new ArrayList<>();
        List<Pending> group = new ArrayList<>();
        long groupBytes = 0;
        for (Pending p : batch) {
            if (p.encoded == null) {
                p.encoded = CommandCodec.encode(p.request.command());
            }
            if (!group.isEmpty() && (group.size() >= ENTRY_COMMANDS_MAX || groupBytes + p.encoded.length > ENTRY_BATCH_BYTES_MAX)) {
                groups.add(group);
                group = new ArrayList<>();
                groupBytes = 0;
            }
            group.add(p);
            groupBytes += p.encoded.length + 24;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        List<Proposal> proposals = new ArrayList<>(groups.size());
        for (List<Pending> g : groups) {
            proposals.add(entryOf(g, nowMs));
        }
        List<ProposeResult> results = node.proposeAll(proposals);
        for (int i = 0; i < groups.size(); i++) {
            List<Pending> g = groups.get(i);
            switch (results.get(i)) {
                case ProposeResult.Accepted a -> {
                    for (Pending p : g) {
                        p.term = a.term();
                    }
                    proposed.put(a.index(), g);
                }
                case ProposeResult.NotLeader n -> waitingWrites.addAll(g);
                case ProposeResult.Dropped d -> g.forEach(p -> finish(p, new Outcome.Unavailable(d.reason(), true)));
            }
        }
    }

    /** One write as a plain entry (its session on the entry), several as a batch entry (sessions inside). */
    private static Proposal entryOf(List<Pending> g, long nowMs) {
        if (g.size() == 1) {
            Pending p = g.get(0);
            return new Proposal(p.encoded, p.request.clientId(), p.request.sequence(), nowMs);
        }
        List<EntryCodec.Encoded> commands = new ArrayList<>(g.size());
        for (Pending p : g) {
            commands.add(new EntryCodec.Encoded(p.request.clientId(), p.request.sequence(), p.encoded));
        }
        return new Proposal(EntryCodec.encodeBatchOf(commands), 0, 0, nowMs);
    }

    private void forward(String leader) {
        List<Pending> batch = new ArrayList<>(waitingWrites);
        waitingWrites.clear();
        List<io.tally.wire.proto.DataForward> out = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        long bytes = 0;
        for (Pending p : batch) {
            if (p.remote()) {
                // never forward a forwarded write again: the origin retries with the leader it learns
                reply(p.originNode, DataCodec.failedReply(p.originRequestId, ForwardStatus.FORWARD_NOT_LEADER, leader,
                        "node " + node.id() + " does not lead"));
                pendingCount--;
                continue;
            }
            if (p.encoded == null) {
                p.encoded = CommandCodec.encode(p.request.command());
            }
            long id = nextRequestId++;
            forwarded.put(id, p);
            ids.add(id);
            out.add(DataCodec.forwardMessage(id, p.encoded, p.request.clientId(), p.request.sequence()));
            bytes += p.encoded.length + 32;
            if (out.size() >= FORWARD_BATCH_MAX || bytes >= FORWARD_BATCH_BYTES_MAX) {
                sendForwards(leader, out, ids);
                out = new ArrayList<>();
                ids = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!out.isEmpty()) {
            sendForwards(leader, out, ids);
        }
    }

    /** Sends one batch of forwards; if the leader is not connected they wait again (retried on the next tick). */
    private void sendForwards(String leader, List<io.tally.wire.proto.DataForward> out, List<Long> ids) {
        if (!effects.send(leader, DataCodec.forwardBatch(out))) {
            for (long id : ids) {
                waitingWrites.add(forwarded.remove(id));
            }
        }
    }

    private void finish(Pending p, Outcome o) {
        pendingCount--;
        if (!p.remote()) {
            p.reply.complete(o);
            return;
        }
        switch (o) {
            case Outcome.Done d -> reply(p.originNode, DataCodec.okReply(p.originRequestId, d.result()));
            case Outcome.Unavailable u -> {
                if (u.notApplied()) { // the origin may safely try again; an uncertain outcome gets no answer (it times out)
                    reply(p.originNode, DataCodec.failedReply(p.originRequestId, ForwardStatus.FORWARD_UNAVAILABLE, node.leaderId(), u.reason()));
                }
            }
        }
    }

    private void expire(long nowMs) {
        String why = "no leader or no quorum within " + requestTimeoutMs + " ms";
        expireIn(waitingWrites.iterator(), nowMs, new Outcome.Unavailable(why, true), true);
        expireIn(waitingReads.iterator(), nowMs, new Outcome.Unavailable(why, true), false);
        for (Iterator<List<Pending>> it = proposed.values().iterator(); it.hasNext(); ) {
            List<Pending> l = it.next();
            expireIn(l.iterator(), nowMs, new Outcome.Unavailable(why + " (the write may still be applied)", false), false);
            if (l.isEmpty()) {
                it.remove();
            }
        }
        expireIn(forwarded.values().iterator(), nowMs, new Outcome.Unavailable(why + " (the write may still be applied)", false), false);
        for (Iterator<List<Pending>> it = reading.values().iterator(); it.hasNext(); ) {
            List<Pending> l = it.next();
            expireIn(l.iterator(), nowMs, new Outcome.Unavailable(why, true), false);
            if (l.isEmpty()) {
                it.remove();
            }
        }
        for (Iterator<AdminPending> it = adminPending.values().iterator(); it.hasNext(); ) {
            AdminPending a = it.next();
            if (a.deadlineMs() <= nowMs) {
                it.remove();
                a.reply().complete(ApiReply.error(503, "unavailable", why + " (the change may still be applied)").withHeader("Retry-After", "1"));
            }
        }
        for (Iterator<List<Pending>> it = awaitingApply.values().iterator(); it.hasNext(); ) {
            List<Pending> l = it.next();
            expireIn(l.iterator(), nowMs, new Outcome.Unavailable(why, true), false);
            if (l.isEmpty()) {
                it.remove();
            }
        }
    }

    private void expireIn(Iterator<Pending> it, long nowMs, Outcome.Unavailable outcome, boolean silentForRemote) {
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.deadlineMs <= nowMs) {
                it.remove();
                if (p.remote() && silentForRemote) {
                    pendingCount--; // the origin times out by itself
                } else {
                    finish(p, outcome);
                }
            }
        }
    }

    // ---------------------------------------------------------------- Ready handling

    private void pump() {
        if (pendingBootstrap != null && !readyInFlight) {
            LOG.info("founding the Raft group with voters {} (bootstrap-expect)", pendingBootstrap);
            node = new RaftNode(raftConfig, io.tally.raft.storage.RecoveredState.bootstrap(
                    Configuration.of(pendingBootstrap, List.of())), random);
            pendingBootstrap = null;
        }
        if (readyInFlight) {
            return;
        }
        if (!waitingWrites.isEmpty() && node.role() == Role.LEADER) {
            // Writes that arrived while the previous Ready was in flight go out as one batch: one append per follower.
            propose(lastNowMs);
        }
        if (!node.hasReady()) {
            return;
        }
        Ready r = node.ready();
        readyInFlight = true;
        send(r.messages());
        storageThread.execute(() -> deliver(worker.persistAndApply(r)));
    }

    /** Storage thread: hands the completion to the loop, waiting while the queue is full (never drops it). */
    private void deliver(RaftEvent.Persisted done) {
        while (!effects.enqueue(done)) {
            if (effects.stopping()) {
                return;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private void onPersisted(RaftEvent.Persisted p) {
        if (p.error() != null) {
            throw new IllegalStateException("persisting or applying a Raft batch failed; stopping rather than continue on "
                    + "state that may be corrupt: " + p.error(), p.error());
        }
        Ready ready = p.ready();
        send(ready.messagesAfterPersist());
        appliedIndex = p.appliedIndex();
        for (RaftEvent.Applied a : p.applied()) {
            adminApplied(a);
            List<Pending> ws = proposed.remove(a.index());
            if (ws == null) {
                continue;
            }
            if (ws.get(0).term == a.term() && a.results().size() == ws.size()) {
                for (int i = 0; i < ws.size(); i++) {
                    finish(ws.get(i), new Outcome.Done(a.results().get(i)));
                }
            } else {
                ws.forEach(this::notApplied);
            }
        }
        // Entries covered by an installed snapshot were applied elsewhere: their outcome is unknown here.
        while (!proposed.isEmpty() && proposed.firstKey() <= appliedIndex) {
            for (Pending w : proposed.pollFirstEntry().getValue()) {
                finish(w, new Outcome.Unavailable("the write was superseded by a snapshot; its outcome is unknown", false));
            }
        }
        for (ReadState rs : ready.readStates()) {
            List<Pending> r = reading.remove(rs.requestId());
            if (r != null) {
                awaitingApply.computeIfAbsent(rs.readIndex(), k -> new ArrayList<>()).addAll(r);
            }
        }
        for (long id : ready.failedReads()) {
            List<Pending> r = reading.remove(id);
            if (r != null) {
                waitingReads.addAll(r); // no leader yet or leadership lost: retried on the next tick
            }
        }
        while (!awaitingApply.isEmpty() && awaitingApply.firstKey() <= appliedIndex) {
            for (Pending r : awaitingApply.pollFirstEntry().getValue()) {
                Result result = Queries.read(reader, r.request.command());
                finish(r, new Outcome.Done(result));
            }
        }
        node.advance(ready);
        readyInFlight = false;
        if (p.snapshotData() != null) {
            node.compact(p.snapshotIndex(), p.snapshotData());
        }
    }

    /** A proposed write whose entry was replaced by another leader's: certainly not applied, so it may go again. */
    private void notApplied(Pending w) {
        if (w.remote()) {
            finish(w, new Outcome.Unavailable("leadership changed before the write committed", true));
        } else {
            waitingWrites.add(w);
        }
    }

    private void send(List<RaftMessage> messages) {
        for (RaftMessage m : messages) {
            if (!effects.send(m.to(), RaftCodec.envelope(m))) {
                node.reportUnreachable(m.to());
            }
        }
    }
}
