package io.tally.sim.data;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import io.tally.sim.kernel.Scheduler;
import io.tally.sim.kernel.SimRandom;
import io.tally.sim.linearizability.CheckResult;
import io.tally.sim.linearizability.LinearizabilityChecker;
import io.tally.sim.linearizability.Operation;
import io.tally.store.codec.CommandCodec;
import io.tally.store.command.Command;
import io.tally.store.command.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded run of the data state machine on several replicas that apply one sequenced, committed log (consensus
 * is abstracted: the sequencer is the Raft log, so this exercises the data layer, not Raft). Clients send each
 * operation to a random replica; writes are forwarded to the sequencer and answered by that replica once it has
 * applied the entry; reads ask the sequencer for its commit index and are served once the replica has applied
 * up to it (ReadIndex). During the fault phase messages are lost and replicas crash and restart from their last
 * snapshot; clients resend after a timeout with the same session sequence, so the log holds duplicates that the
 * sessions must absorb. At the end: every operation completed, every replica converged to the same state hash,
 * and the history is linearizable against the workload's model. Same seed, same run. One instance per run.
 */
public final class LogSimulation<S, I, O> {
    private static final long SESSION_TIMEOUT_MS = 24L * 3600 * 1000;
    private static final long CHECK_STEPS_MAX = 2_000_000;

    /** The outcome of one run. */
    public record Report(long seed, String workload, int completed, int logEntries, int duplicateEntries, int crashes,
            boolean converged, CheckResult linearizability, String failure) {
        /** True when every operation completed, the replicas converged and the history is linearizable. */
        public boolean ok() {
            return failure.isEmpty() && converged && linearizability != null && linearizability.ok();
        }
    }

    private record Origin(int client, long sequence) {
    }

    private final class Replica {
        final int index;
        DataSimStateMachine sm = new DataSimStateMachine(SESSION_TIMEOUT_MS, 1_000);
        boolean up = true;
        int incarnation;
        Scheduler.Event applyLoop;
        byte[] snapshot = new byte[0];
        long snapshotIndex;
        final Map<Origin, Integer> pendingWrites = new HashMap<>();
        final List<long[]> waitingReads = new ArrayList<>(); // {readIndex, client, opId}

        Replica(int index) {
            this.index = index;
        }
    }

    private final class Client {
        final int index;
        final Random random;
        final Map<String, Long> lastVersions = new HashMap<>();
        int done;
        long nextSequence = 1;
        long opId;
        I op;
        long sequence;
        long invokeMs;
        boolean waiting;

        Client(int index) {
            this.index = index;
            this.random = LogSimulation.this.random.stream("client-" + index);
        }
    }

    private final long seed;
    private final LogSimOptions options;
    private final DataWorkload<S, I, O> workload;
    private final SimRandom random;
    private final Random net;
    private final Random faults;
    private final Scheduler scheduler = new Scheduler(1_000_000);
    private final List<Entry> log = new ArrayList<>();
    private final List<Origin> origins = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final List<Operation<I, O>> history = new ArrayList<>();
    private final Map<Origin, Integer> appendedCount = new HashMap<>();
    private int crashes;
    private String failure = "";

    public LogSimulation(long seed, LogSimOptions options, DataWorkload<S, I, O> workload) {
        this.seed = seed;
        this.options = options;
        this.workload = workload;
        this.random = new SimRandom(seed);
        this.net = random.stream("network");
        this.faults = random.stream("faults");
    }

    /** Runs to the end and checks. */
    public Report run() {
        for (int i = 0; i < options.replicas(); i++) {
            Replica r = new Replica(i);
            replicas.add(r);
            startApplying(r);
        }
        for (int i = 0; i < options.clients(); i++) {
            Client c = new Client(i);
            clients.add(c);
            scheduler.after(c.random.nextInt(10), "client " + i + " starts", () -> issue(c));
        }
        if (options.crashEveryMs() > 0) {
            scheduleCrash();
        }
        scheduler.runWhile(() -> failure.isEmpty() && clients.stream().anyMatch(c -> c.done < options.opsPerClient()), options.endMs());
        if (failure.isEmpty() && clients.stream().anyMatch(c -> c.done < options.opsPerClient())) {
            failure = "operations still open at " + options.endMs() + " ms: " + clients.stream().mapToInt(c -> options.opsPerClient() - c.done).sum();
        }
        // let every replica catch up with the whole log, then compare
        scheduler.runWhile(() -> replicas.stream().anyMatch(r -> !r.up || r.sm.appliedIndex() < log.size()), scheduler.nowMs() + 10_000);
        boolean converged = replicas.stream().allMatch(r -> r.up && r.sm.appliedIndex() == log.size())
                && replicas.stream().map(r -> r.sm.stateHash()).distinct().count() == 1;
        CheckResult lin = failure.isEmpty() ? new LinearizabilityChecker<>(workload.model(), CHECK_STEPS_MAX).check(history) : null;
        int duplicates = appendedCount.values().stream().mapToInt(n -> n - 1).sum();
        return new Report(seed, workload.name(), history.size(), log.size(), duplicates, crashes, converged, lin, failure);
    }

    private void issue(Client c) {
        if (c.done >= options.opsPerClient() || !failure.isEmpty()) {
            return;
        }
        c.op = workload.nextOp(c.random, c.lastVersions);
        c.opId++;
        c.sequence = workload.command(c.op).isRead() ? 0 : c.nextSequence++;
        c.invokeMs = scheduler.nowMs();
        c.waiting = true;
        send(c);
    }

    private void send(Client c) {
        long opId = c.opId;
        Replica r = replicas.get(c.random.nextInt(replicas.size()));
        deliver("request c" + c.index + " -> r" + r.index, () -> onRequest(r, c, opId));
        scheduler.after(options.requestTimeoutMs(), "timeout c" + c.index, () -> {
            if (c.waiting && c.opId == opId) {
                send(c);
            }
        });
    }

    /** Runs {@code action} after a network delay, unless the message is lost. */
    private void deliver(String label, Runnable action) {
        if (scheduler.nowMs() < options.faultPhaseMs() && net.nextDouble() < options.lossProbability()) {
            return;
        }
        scheduler.after(1 + net.nextInt(5), label, action);
    }

    private void onRequest(Replica r, Client c, long opId) {
        if (!r.up || c.opId != opId) {
            return;
        }
        Command command = workload.command(c.op);
        if (command.isRead()) {
            int inc = r.incarnation;
            deliver("read index r" + r.index, () -> {
                long commitIndex = log.size();
                deliver("read index reply r" + r.index, () -> {
                    if (r.up && r.incarnation == inc) {
                        r.waitingReads.add(new long[] {commitIndex, c.index, opId});
                        serveReads(r);
                    }
                });
            });
            return;
        }
        Origin origin = new Origin(c.index, c.sequence);
        r.pendingWrites.put(origin, c.index);
        byte[] data = CommandCodec.encode(command);
        long sessionClient = options.sessions() ? c.index + 1 : 0;
        long sequence = options.sessions() ? c.sequence : 0;
        deliver("forward r" + r.index, () -> {
            log.add(new Entry(log.size() + 1, 1, EntryType.NORMAL, sessionClient, sequence, scheduler.nowMs(), data));
            origins.add(origin);
            appendedCount.merge(origin, 1, Integer::sum);
        });
    }

    private void startApplying(Replica r) {
        int inc = r.incarnation;
        r.applyLoop = scheduler.every(1 + faults.nextInt(3), 1 + faults.nextInt(3), "apply r" + r.index, () -> {
            if (!r.up || r.incarnation != inc) {
                return;
            }
            int batch = faults.nextInt(4);
            for (int i = 0; i < batch && r.sm.appliedIndex() < log.size(); i++) {
                applyNext(r);
            }
            serveReads(r);
        });
    }

    private void applyNext(Replica r) {
        int at = (int) r.sm.appliedIndex();
        Entry e = log.get(at);
        DataSimStateMachine.Applied a = r.sm.apply(e);
        if (r.sm.appliedIndex() - r.snapshotIndex >= options.snapshotEveryEntries()) {
            r.snapshot = r.sm.snapshot();
            r.snapshotIndex = r.sm.appliedIndex();
        }
        Origin origin = origins.get(at);
        Integer client = r.pendingWrites.remove(origin);
        if (client != null) {
            Result result = a.output().result();
            Client c = clients.get(client);
            deliver("reply r" + r.index + " -> c" + client, () -> complete(c, origin.sequence(), -1, result));
        }
    }

    private void serveReads(Replica r) {
        var it = r.waitingReads.iterator();
        while (it.hasNext()) {
            long[] w = it.next();
            if (w[0] <= r.sm.appliedIndex()) {
                it.remove();
                Client c = clients.get((int) w[1]);
                long opId = w[2];
                if (c.opId == opId && c.waiting) {
                    Result result = r.sm.read(workload.command(c.op));
                    deliver("read reply r" + r.index + " -> c" + c.index, () -> complete(c, 0, opId, result));
                }
            }
        }
    }

    /** An answer reaches a client: for a write, matched by sequence; for a read, by operation id. */
    private void complete(Client c, long sequence, long opId, Result result) {
        boolean current = c.waiting && (opId >= 0 ? c.opId == opId : c.sequence == sequence && sequence != 0);
        if (!current) {
            return;
        }
        O out;
        try {
            out = workload.output(c.op, result);
        } catch (IllegalStateException e) {
            failure = "client " + c.index + " at " + scheduler.nowMs() + " ms: " + e.getMessage();
            return;
        }
        c.waiting = false;
        history.add(Operation.completed(c.index, workload.key(c.op), c.op, out, c.invokeMs, scheduler.nowMs()));
        workload.observe(c.op, out, c.lastVersions);
        c.done++;
        scheduler.after(c.random.nextInt(6), "think c" + c.index, () -> issue(c));
    }

    private void scheduleCrash() {
        long delay = 1 + (long) (faults.nextDouble() * 2 * options.crashEveryMs());
        if (scheduler.nowMs() + delay >= options.faultPhaseMs()) {
            return;
        }
        scheduler.after(delay, "crash", () -> {
            Replica r = replicas.get(faults.nextInt(replicas.size()));
            if (r.up) {
                crash(r);
            }
            scheduleCrash();
        });
    }

    private void crash(Replica r) {
        crashes++;
        r.up = false;
        r.incarnation++;
        r.applyLoop.cancel();
        r.pendingWrites.clear();
        r.waitingReads.clear();
        scheduler.after(5 + faults.nextInt(30), "restart r" + r.index, () -> {
            r.sm = new DataSimStateMachine(SESSION_TIMEOUT_MS, 1_000);
            r.sm.restore(r.snapshotIndex, r.snapshot);
            r.up = true;
            startApplying(r);
        });
    }
}
