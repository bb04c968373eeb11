package io.tally.sim.raft;

import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimRandom;
import io.tally.sim.linearizability.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated client with one session: issues one operation at a time, chosen by the run's
 * {@link SimWorkload} (by default increment, compare-and-set, put, read on a few keys), sends it to the node it believes leads, follows leader hints, and on a
 * timeout retries the same operation (same session sequence, so a write counts once) at another
 * node until it is answered. Records a history for the linearizability checker: invoke and
 * complete times are the scheduler's event sequence numbers (a strict logical clock); an operation
 * never answered is pending. Simulation thread only.
 */
public final class SimClient {
    /** How a client sends: through the simulated network. */
    public interface Sender {
        void send(int fromNetIndex, int toNodeIndex, SimMessage message);
    }

    /** One finished or unfinished operation, with simulated times in ms for the liveness check. */
    public record Record(Operation<Object, Object> op, long sequence, long invokeMs, long completeMs,
            int attempts) { }

    private final int netIndex;
    private final long clientId;
    private final int nodeCount;
    private final List<String> keys;
    private final Scheduler scheduler;
    private final Random random;
    private final Sender sender;
    private final long retryTimeoutMs;
    private final List<Record> records = new ArrayList<>();
    private final SimWorkload<Object, Object, Object> workload;
    private final Map<String, Long> lastVersions = new HashMap<>();
    private long stopIssuingAtMs;
    private long nextOpId = 1;
    private long nextSequence = 1;
    private int target;

    private SimMessage.Request current;
    private long currentInvokeSeq;
    private long currentInvokeMs;
    private int attempts;
    private Scheduler.Event timeout;

    public SimClient(int netIndex, long clientId, int nodeCount, List<String> keys, Scheduler scheduler,
            SimRandom random, Sender sender, long retryTimeoutMs) {
        this(netIndex, clientId, nodeCount, keys, scheduler, random, sender, retryTimeoutMs, KvWorkload.INSTANCE);
    }

    /** A client whose operations {@code workload} chooses. */
    public SimClient(int netIndex, long clientId, int nodeCount, List<String> keys, Scheduler scheduler,
            SimRandom random, Sender sender, long retryTimeoutMs, SimWorkload<?, ?, ?> workload) {
        this.workload = RaftSimulation.erase(workload);
        this.netIndex = netIndex;
        this.clientId = clientId;
        this.nodeCount = nodeCount;
        this.keys = List.copyOf(keys);
        this.scheduler = scheduler;
        this.random = random.stream("client-" + clientId);
        this.sender = sender;
        this.retryTimeoutMs = retryTimeoutMs;
        this.target = this.random.nextInt(nodeCount);
    }

    /** Starts issuing operations after {@code delayMs}; stops starting new ones at {@code stopAtMs}. */
    public void start(long delayMs, long stopAtMs) {
        this.stopIssuingAtMs = stopAtMs;
        scheduler.after(delayMs, "client " + clientId + " begins", this::issueNext);
    }

    private void issueNext() {
        if (scheduler.nowMs() >= stopIssuingAtMs) {
            return;
        }
        SimWorkload.Invocation<Object> next = workload.next(random, keys, lastVersions);
        long seq = workload.isRead(next.op()) ? 0 : nextSequence++;
        current = new SimMessage.Request(clientId, nextOpId++, seq, next.key(), next.op());
        currentInvokeSeq = scheduler.currentSequence();
        currentInvokeMs = scheduler.nowMs();
        attempts = 0;
        sendCurrent();
    }

    private void sendCurrent() {
        attempts++;
        SimMessage.Request r = current;
        sender.send(netIndex, target, r);
        if (timeout != null) {
            timeout.cancel();
        }
        timeout = scheduler.after(retryTimeoutMs, "client " + clientId + " timeout op " + r.opId(), () -> {
            if (current == r) {
                target = random.nextInt(nodeCount);
                sendCurrent();
            }
        });
    }

    /** A reply from a node. */
    public void receive(SimMessage.Reply reply, int fromNode) {
        SimMessage.Request r = current;
        if (r == null || reply.opId() != r.opId()) {
            return; // an answer to an attempt of an operation already finished
        }
        switch (reply.kind()) {
            case OK -> {
                timeout.cancel();
                current = null;
                target = fromNode;
                workload.observe(r.op(), reply.output(), lastVersions);
                records.add(new Record(Operation.completed((int) clientId, r.key(), r.op(), reply.output(),
                        currentInvokeSeq, scheduler.currentSequence()), r.sequence(), currentInvokeMs,
                        scheduler.nowMs(), attempts));
                scheduler.after(random.nextInt(20), "client " + clientId + " next", this::issueNext);
            }
            case NOT_LEADER, RETRY -> {
                timeout.cancel();
                int hinted = hintIndex(reply.leaderHint());
                target = hinted >= 0 && hinted != fromNode ? hinted : random.nextInt(nodeCount);
                scheduler.after(5 + random.nextInt(20), "client " + clientId + " retry op " + r.opId(), () -> {
                    if (current == r) {
                        sendCurrent();
                    }
                });
            }
        }
    }

    private int hintIndex(String hint) {
        if (hint == null || hint.length() < 2 || hint.charAt(0) != 'n') {
            return -1;
        }
        try {
            int i = Integer.parseInt(hint.substring(1)) - 1;
            return i >= 0 && i < nodeCount ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every operation so far; the one in flight (if any) as pending. */
    public List<Record> history() {
        List<Record> all = new ArrayList<>(records);
        if (current != null) {
            all.add(new Record(Operation.pending((int) clientId, current.key(), current.op(), currentInvokeSeq),
                    current.sequence(), currentInvokeMs, -1, attempts));
        }
        return all;
    }

    /** Whether an operation is in flight. */
    public boolean busy() {
        return current != null;
    }

    public long clientId() {
        return clientId;
    }
}
