package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.cli.crash.Attempt;
import io.tally.cli.crash.History;
import io.tally.cli.crash.SubsetSums;
import io.tally.sim.linearizability.CheckResult;
import io.tally.sim.linearizability.KvModel;
import io.tally.sim.linearizability.KvOp;
import io.tally.sim.linearizability.LinearizabilityChecker;
import io.tally.sim.linearizability.Operation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-minute crash loop of issue #6: three real {@code tally node} processes (fsync on, founded from a config file
 * of servers) while 8 client threads write and read a few counter and register keys through random nodes, and every
 * 2-5 s (seeded) one node, or two (quorum lost), is killed with SIGKILL and restarted on its data dir after a short
 * random delay (or, now and then, one node is frozen with SIGSTOP for that long instead). At the end all three are
 * killed and restarted, every key is read linearizably on every node, and the recorded history must be
 * linearizable per key ({@link KvModel}: counters, and registers with compare-and-set), every acknowledged increment
 * must be counted (final value = acknowledged deltas + a subset of the unknown ones), and a value's version must be
 * the same wherever it was seen.
 *
 * <p>How outcomes are recorded ({@link Attempt}): an answered operation is complete with its output; one the node
 * certainly did not apply is left out; one whose effect is unknown stays open-ended (output {@code null}: it may take
 * effect at any time after its invocation, or never). Every register write and most increments carry a unique
 * {@code Idempotency-Key} and are retried with the same key (up to {@value #ATTEMPTS_MAX} attempts within
 * {@value #OP_BUDGET_MS} ms, each on a random node) while the outcome is unknown: the node's client sessions apply
 * it at most once and answer a retry with the first answer, so the retries form one operation from the first
 * invocation to the last answer. The other increments carry no key and are never retried after an unknown outcome,
 * which exercises the path without sessions and leaves some operations open-ended. Times are microseconds of
 * {@code System.nanoTime} since the loop began: real-time order is what linearizability needs.
 *
 * <p>Register values are unique numbers (0 = absent), so a version seen with a value names that value: a
 * compare-and-set with {@code If-Match} on the version of the value last read by the client is {@code Cas(value, new)},
 * {@code If-None-Match: *} is {@code Cas(0, new)}, a delete is {@code Put(0)}.
 *
 * <p>Run time: {@code tally.crashloop.seconds} (default 60) plus about 30 s. Seed: {@code tally.crashloop.seed}
 * (printed). On failure the history is in {@code target/crash-loop/} with the node logs.
 */
class CrashLoopIT {
    private static final long RUN_SECONDS = Long.getLong("tally.crashloop.seconds", 60);
    private static final int CLIENTS = 8;
    private static final int COUNTER_KEYS = 4;
    private static final int REGISTER_KEYS = 4;
    private static final int OPS_PER_CLIENT_MAX = 100_000;
    private static final long ATTEMPT_TIMEOUT_MS = 8_000;
    private static final int ATTEMPTS_MAX = 4;
    private static final long OP_BUDGET_MS = 20_000;
    private static final long RETRY_PAUSE_MS = 200;
    private static final long WAIT_DEADLINE_MS = 60_000;
    private static final long ACKED_WRITES_MIN = 200;
    private static final long CHECK_STEPS_MAX_PER_KEY = 20_000_000;
    /**
     * A check of the check, for a manual run only: {@code -Dtally.crashloop.staleReads=true} makes the clients read with
     * {@code ?consistency=serializable} (local, maybe stale), which the checker should then report.
     */
    private static final String READ_QUERY = Boolean.getBoolean("tally.crashloop.staleReads") ? "?consistency=serializable" : "";
    private static final Path OUT_DIR = Path.of("target", "crash-loop");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private List<LocalCluster.Spec> specs;
    private Path config;
    private long originNanos;

    @TempDir
    Path tmp;

    @AfterEach
    void stopWhatWeStarted() throws InterruptedException {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) {
            p.destroy();
        }
        for (Process p : all) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aHistoryOfWritesUnderRandomKillsAndRestartsIsLinearizableAndLosesNoAcknowledgedIncrement() throws Exception {
        long seed = Long.getLong("tally.crashloop.seed", System.nanoTime());
        System.out.printf(Locale.ROOT, "CrashLoopIT seed %d (-Dtally.crashloop.seed=%d), %d s%s%n", seed, seed, RUN_SECONDS,
                READ_QUERY.isEmpty() ? "" : ", stale reads (" + READ_QUERY + ")");
        plan();
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        await("a leader", () -> leader() != null);
        originNanos = System.nanoTime();
        long runDeadline = originNanos + TimeUnit.SECONDS.toNanos(RUN_SECONDS);

        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Client client = new Client(c, new Random(seed * 31 + c + 1), runDeadline);
            clients.add(client);
            Thread t = new Thread(client, "crash-loop-client-" + c);
            threads.add(t);
            t.start();
        }
        Chaos chaos = new Chaos(new Random(seed), runDeadline);
        Thread chaosThread = new Thread(chaos, "crash-loop-chaos");
        chaosThread.start();

        chaosThread.join(TimeUnit.SECONDS.toMillis(RUN_SECONDS) + WAIT_DEADLINE_MS);
        assertThat(chaosThread.isAlive()).as("the chaos thread ended").isFalse();
        assertThat(chaos.failure).as("the chaos thread's failure").isNull();
        for (Thread t : threads) {
            t.join(OP_BUDGET_MS + ATTEMPT_TIMEOUT_MS + 10_000);
            assertThat(t.isAlive()).as("client %s ended", t.getName()).isFalse();
        }
        for (Client c : clients) {
            assertThat(c.failure).as("client %d's failure (an unexpected reply)", c.id).isNull();
        }

        // The end: kill all three at once, restart them, and read every key linearizably.
        for (LocalCluster.Spec s : specs) {
            kill9(s);
        }
        for (LocalCluster.Spec s : specs) {
            start(s);
        }
        event("killed and restarted all");
        await("a leader after the final restart", () -> leader() != null);
        History history = new History();
        Map<Long, Long> versionOf = new TreeMap<>();
        List<String> versionConflicts = new ArrayList<>();
        for (Client c : clients) {
            history.addAll(c.ops);
            c.versions.forEach((id, v) -> {
                Long other = versionOf.putIfAbsent(id, v);
                if (other != null && !other.equals(v)) {
                    versionConflicts.add("value " + id + " seen with versions " + other + " and " + v);
                }
            });
        }
        Map<String, Long> finalCounters = new TreeMap<>();
        Client reader = new Client(CLIENTS, new Random(seed), 0);
        for (LocalCluster.Spec node : specs) { // every node: a replica that diverged would show here
            for (int k = 0; k < COUNTER_KEYS; k++) {
                String key = "c" + k;
                await(node.id() + " reads " + key + " linearizably", () -> reader.readCounter(key, node));
                finalCounters.put(key, ((KvOp.Value) reader.ops.get(reader.ops.size() - 1).output()).value());
            }
            for (int k = 0; k < REGISTER_KEYS; k++) {
                String key = "r" + k;
                await(node.id() + " reads " + key + " linearizably", () -> reader.readRegister(key, node));
            }
        }
        history.addAll(reader.ops);
        reader.versions.forEach((id, v) -> {
            Long other = versionOf.putIfAbsent(id, v);
            if (other != null && !other.equals(v)) {
                versionConflicts.add("value " + id + " seen with versions " + other + " and " + v);
            }
        });

        Path historyFile = OUT_DIR.resolve("history-" + seed + ".txt");
        history.save(historyFile);
        long notApplied = clients.stream().mapToLong(c -> c.notApplied).sum();
        long retried = clients.stream().mapToLong(c -> c.retries).sum();
        System.out.printf(Locale.ROOT, "CrashLoopIT seed %d: %d operations, %d acknowledged writes, %d unknown, %d not applied, "
                        + "%d retries; events: %s; history: %s%n", seed, history.operations().size(), history.completedWrites(),
                history.pending(), notApplied, retried, events, historyFile.toAbsolutePath());

        long checkStart = System.nanoTime();
        CheckResult result = new LinearizabilityChecker<>(new KvModel(), CHECK_STEPS_MAX_PER_KEY).check(history.operations());
        System.out.printf(Locale.ROOT, "CrashLoopIT seed %d: checker %s in %d steps, %d ms%n", seed, result.verdict(), result.steps(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkStart));
        List<String> misdirected = clients.stream().flatMap(c -> c.misdirected.stream()).toList();
        boolean ok = misdirected.isEmpty() && result.ok() && versionConflicts.isEmpty() && history.completedWrites() > ACKED_WRITES_MIN;
        List<String> countFailures = new ArrayList<>();
        Map<String, Long> acked = history.ackedDeltaSums();
        Map<String, List<Long>> unknown = history.unknownDeltas();
        for (Map.Entry<String, Long> e : finalCounters.entrySet()) {
            long extra = e.getValue() - acked.getOrDefault(e.getKey(), 0L);
            List<Long> maybe = unknown.getOrDefault(e.getKey(), List.of());
            if (!SubsetSums.reachable(extra, maybe)) {
                countFailures.add(e.getKey() + ": final value " + e.getValue() + " = acknowledged " + acked.getOrDefault(e.getKey(), 0L)
                        + " + " + extra + ", not a sum of a subset of the unknown deltas " + maybe);
            }
        }
        ok &= countFailures.isEmpty();
        if (!ok) {
            saveNodeLogs(seed);
        }
        String why = "seed " + seed + " (rerun with -Dtally.crashloop.seed=" + seed + "), history in " + historyFile.toAbsolutePath();
        assertThat(misdirected).as("%s: every reply answers the request it was sent for", why).isEmpty();
        assertThat(result.ok()).as("%s: the history is linearizable per key; key %s: %s", why, result.key(), result.detail()).isTrue();
        assertThat(countFailures).as("%s: every acknowledged increment is counted", why).isEmpty();
        assertThat(versionConflicts).as("%s: a value has one version wherever it is seen", why).isEmpty();
        assertThat(history.completedWrites()).as("%s: enough acknowledged writes for the check to mean something", why)
                .isGreaterThan(ACKED_WRITES_MIN);
        assertThat(finalCounters.values().stream().mapToLong(Long::longValue).sum()).as("%s: increments reached the counters", why).isPositive();
    }

    // ---------------------------------------------------------------- the clients

    /**
     * One client thread: a bounded loop of random operations on random keys through random nodes, each recorded with
     * its invocation and completion time. Owns its lists; they are read after the thread has ended.
     */
    private final class Client implements Runnable {
        final int id;
        final Random random;
        final long deadlineNanos;
        final List<Operation<KvOp.Input, KvOp.Output>> ops = new ArrayList<>();
        /** Register value id to the version it was written or read with. */
        final Map<Long, Long> versions = new TreeMap<>();
        /** Per register key, {version, value id} of this client's last read (version 0: absent). */
        final Map<String, long[]> lastRead = new TreeMap<>();
        /** Replies that answer another request than the one sent (their JSON names another key). */
        final List<String> misdirected = new ArrayList<>();
        volatile Throwable failure;
        long seq;
        long notApplied;
        long retries;

        Client(int id, Random random, long deadlineNanos) {
            this.id = id;
            this.random = random;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            try {
                loop();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        private void loop() {
            for (int i = 0; i < OPS_PER_CLIENT_MAX && System.nanoTime() < deadlineNanos; i++) {
                int r = random.nextInt(100);
                if (random.nextBoolean()) {
                    String key = "c" + random.nextInt(COUNTER_KEYS);
                    if (r < 35) {
                        readCounter(key, randomRunning(random));
                    } else {
                        increment(key, 1 + random.nextInt(5), r >= 50);
                    }
                } else {
                    String key = "r" + random.nextInt(REGISTER_KEYS);
                    long[] last = lastRead.remove(key);
                    if (r < 35 || (r < 65 && last == null)) {
                        readRegister(key, randomRunning(random));
                    } else if (r < 65) {
                        long value = nextValue();
                        if (last[0] == 0) {
                            write(key, "PUT", "/v1/kv/" + key, Long.toString(value), new KvOp.Cas(0, value), "If-None-Match", "*");
                        } else {
                            write(key, "PUT", "/v1/kv/" + key, Long.toString(value), new KvOp.Cas(last[1], value),
                                    "If-Match", "\"" + last[0] + "\"");
                        }
                    } else if (r < 90) {
                        long value = nextValue();
                        write(key, "PUT", "/v1/kv/" + key, Long.toString(value), new KvOp.Put(value));
                    } else {
                        write(key, "DELETE", "/v1/kv/" + key, null, new KvOp.Put(0));
                    }
                }
            }
        }

        private long nextValue() {
            return (id + 1) * 1_000_000_000L + ++seq;
        }

        /** A linearizable counter read; true if it was answered (and recorded). */
        boolean readCounter(String key, LocalCluster.Spec node) {
            long invoked = micros();
            try {
                HttpResponse<String> r = send(node, "GET", "/v1/counters/" + key + READ_QUERY, null);
                long completed = micros();
                if (r.statusCode() != 200) {
                    return false;
                }
                long value = json.readTree(r.body()).path("value").asLong();
                ops.add(Operation.completed(id, key, new KvOp.Read(), new KvOp.Value(value), invoked, completed));
                return true;
            } catch (IOException e) {
                return false; // a read that was not answered changed nothing
            }
        }

        /** A linearizable register read; true if it was answered (and recorded). */
        boolean readRegister(String key, LocalCluster.Spec node) {
            long invoked = micros();
            try {
                HttpResponse<String> r = send(node, "GET", "/v1/kv/" + key + READ_QUERY, null);
                long completed = micros();
                if (r.statusCode() == 404) {
                    ops.add(Operation.completed(id, key, new KvOp.Read(), new KvOp.Value(0), invoked, completed));
                    lastRead.put(key, new long[] {0, 0});
                    return true;
                }
                if (r.statusCode() != 200) {
                    return false;
                }
                long value = Long.parseLong(r.body());
                long version = version(r);
                ops.add(Operation.completed(id, key, new KvOp.Read(), new KvOp.Value(value), invoked, completed));
                lastRead.put(key, new long[] {version, value});
                versions.put(value, version);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private void increment(String key, long delta, boolean withKey) {
            KvOp.Input in = new KvOp.Increment(delta);
            String body = "{\"delta\": " + delta + "}";
            if (withKey) {
                write(key, "POST", "/v1/counters/" + key, body, in);
            } else {
                writeAttempts(key, "POST", "/v1/counters/" + key, body, in, null);
            }
        }

        private void write(String key, String method, String path, String body, KvOp.Input in, String... headers) {
            writeAttempts(key, method, path, body, in, "crash-" + id + "-" + ++seq, headers);
        }

        /**
         * Sends one write until it is answered: with an idempotency key while the outcome is unknown or certainly not
         * applied, without one only while certainly not applied; then records it (complete, open-ended or not at all).
         */
        private void writeAttempts(String key, String method, String path, String body, KvOp.Input in, String idempotencyKey,
                String... headers) {
            List<String> h = new ArrayList<>(List.of(headers));
            h.addAll(List.of("Content-Type", "text/plain"));
            if (idempotencyKey != null) {
                h.addAll(List.of("Idempotency-Key", idempotencyKey));
            }
            String[] hs = h.toArray(String[]::new);
            long invoked = micros();
            long budgetEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OP_BUDGET_MS);
            boolean unknown = false;
            for (int attempt = 0; attempt < ATTEMPTS_MAX && System.nanoTime() < budgetEnd; attempt++) {
                if (attempt > 0) {
                    retries++;
                    pause(RETRY_PAUSE_MS); // back-off between attempts of one operation, not a wait for a condition
                }
                Attempt a;
                HttpResponse<String> r = null;
                try {
                    r = send(randomRunning(random), method, path, body, hs);
                    a = Attempt.ofReply(r.statusCode(), r.body());
                } catch (IOException e) {
                    a = Attempt.ofFailure(e);
                }
                if (a == Attempt.ANSWERED) {
                    ops.add(Operation.completed(id, key, in, output(in, r), invoked, micros()));
                    checkReplyKey(key, in, r, invoked);
                    return;
                }
                unknown |= a == Attempt.UNKNOWN;
                if (unknown && idempotencyKey == null) {
                    break;
                }
            }
            if (unknown) {
                ops.add(Operation.pending(id, key, in, invoked));
            } else {
                notApplied++;
            }
        }

        /** A 200 JSON reply to a write names the key written; another key means it answers another request. */
        private void checkReplyKey(String key, KvOp.Input in, HttpResponse<String> r, long invoked) {
            if (r.statusCode() != 200) {
                return;
            }
            try {
                String replyKey = json.readTree(r.body()).path("key").asText();
                if (!replyKey.equals(key)) {
                    misdirected.add(String.format(Locale.ROOT, "client %d %s on %s invoked at %.3f ms was answered %s", id, in, key,
                            invoked / 1e3, r.body()));
                }
            } catch (IOException e) {
                misdirected.add("client " + id + " " + in + " on " + key + " was answered " + r.body());
            }
        }

        private KvOp.Output output(KvOp.Input in, HttpResponse<String> r) throws IllegalStateException {
            try {
                return switch (in) {
                    case KvOp.Increment inc -> {
                        expectStatus(r, 200);
                        yield new KvOp.Value(json.readTree(r.body()).path("value").asLong());
                    }
                    case KvOp.Put put -> {
                        if (put.value() != 0) {
                            expectStatus(r, 200);
                            versions.put(put.value(), version(r));
                        }
                        yield new KvOp.Done();
                    }
                    case KvOp.Cas cas -> {
                        if (r.statusCode() != 409) {
                            expectStatus(r, 200);
                        }
                        if (r.statusCode() == 200) {
                            versions.put(cas.update(), version(r));
                        }
                        yield new KvOp.CasResult(r.statusCode() == 200);
                    }
                    case KvOp.Read read -> throw new IllegalStateException("reads are not writes");
                };
            } catch (IOException e) {
                throw new IllegalStateException("expected a JSON reply, got " + r.body(), e);
            }
        }

        private static void expectStatus(HttpResponse<String> r, int status) {
            if (r.statusCode() != status) {
                throw new IllegalStateException("expected " + status + ", got " + r.statusCode() + " " + r.body());
            }
        }

        private long version(HttpResponse<String> r) {
            String etag = r.headers().firstValue("ETag").orElseThrow(() -> new IllegalStateException("no ETag in " + r));
            return Long.parseLong(etag.replace("\"", ""));
        }
    }

    // ---------------------------------------------------------------- the faults

    /**
     * Every 2-5 s kills one random node (or with probability 1/4 two: quorum lost) and restarts it after 0.3-3 s, or
     * with probability 1/6 instead freezes one node (SIGSTOP, then SIGCONT) for that long: a paused leader that wakes
     * up still believing it leads. Until the deadline; all decisions come from the seeded {@code random}.
     */
    private final class Chaos implements Runnable {
        final Random random;
        final long deadlineNanos;
        volatile Throwable failure;

        Chaos(Random random, long deadlineNanos) {
            this.random = random;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    long gapMs = 2_000 + random.nextInt(3_001);
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(gapMs) >= deadlineNanos) {
                        return;
                    }
                    pause(gapMs); // the fault schedule itself: time between crashes
                    List<LocalCluster.Spec> victims = new ArrayList<>(specs);
                    Collections.shuffle(victims, random);
                    victims = victims.subList(0, random.nextInt(4) == 0 ? 2 : 1);
                    long downMs = 300 + random.nextInt(2_701);
                    if (random.nextInt(6) == 0) {
                        LocalCluster.Spec v = victims.get(0);
                        signal(v, "STOP");
                        event("freeze " + v.id() + " for " + downMs + " ms");
                        try {
                            pause(downMs); // how long the victim stays frozen
                        } finally {
                            signal(v, "CONT");
                        }
                        continue;
                    }
                    for (LocalCluster.Spec v : victims) {
                        kill9(v);
                    }
                    event("kill " + victims.stream().map(LocalCluster.Spec::id).toList() + " for " + downMs + " ms");
                    pause(downMs); // how long the victims stay down
                    for (LocalCluster.Spec v : victims) {
                        start(v);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    // ---------------------------------------------------------------- processes and HTTP

    private void plan() throws IOException {
        specs = LocalCluster.plan(3, 0, tmp);
        StringBuilder yaml = new StringBuilder("members:\n");
        for (LocalCluster.Spec s : specs) {
            yaml.append("  - {id: ").append(s.id()).append(", peer: ").append(s.peer()).append(", http: ").append(s.http()).append("}\n");
        }
        config = tmp.resolve("tally.yaml");
        Files.writeString(config, yaml);
    }

    private void start(LocalCluster.Spec s) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar, "node", "--id", s.id(), "--data-dir", s.dataDir().toString(), "--config", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        running.put(s.id(), p);
    }

    private void kill9(LocalCluster.Spec s) throws InterruptedException {
        Process p = running.remove(s.id());
        p.destroyForcibly(); // SIGKILL
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(s.id() + " did not die within 10 s of SIGKILL");
        }
        if (p.exitValue() != 137 && p.exitValue() != 9) {
            event(s.id() + " had already exited with " + p.exitValue());
        }
    }

    /** The time of an operation's invocation or completion: microseconds since the loop began (may be negative before). */
    private long micros() {
        return (System.nanoTime() - originNanos) / 1_000;
    }

    /** Sends {@code kill -SIG} to the node's process (STOP and CONT: freeze and thaw it). */
    private void signal(LocalCluster.Spec s, String sig) throws IOException, InterruptedException {
        Process p = running.get(s.id());
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + sig + " " + p.pid() + " (" + s.id() + ") failed");
        }
    }

    private void event(String what) {
        events.add(String.format(Locale.ROOT, "%.1fs %s", (System.nanoTime() - originNanos) / 1e9, what));
    }

    private LocalCluster.Spec randomRunning(Random random) {
        List<LocalCluster.Spec> up = specs.stream().filter(s -> running.containsKey(s.id())).toList();
        return up.isEmpty() ? specs.get(random.nextInt(specs.size())) : up.get(random.nextInt(up.size()));
    }

    private HttpResponse<String> send(LocalCluster.Spec s, String method, String path, String body, String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(Duration.ofMillis(ATTEMPT_TIMEOUT_MS))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String leader() {
        for (LocalCluster.Spec s : specs) {
            if (!running.containsKey(s.id())) {
                continue;
            }
            try {
                HttpResponse<String> r = send(s, "GET", "/v1/cluster", null);
                if (r.statusCode() == 200 && json.readTree(r.body()).path("raft").path("role").asText().equals("leader")) {
                    return s.id();
                }
            } catch (IOException e) {
                // not up (yet)
            }
        }
        return null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_DEADLINE_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline-bounded wait
        }
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void saveNodeLogs(long seed) throws IOException {
        Files.createDirectories(OUT_DIR);
        for (LocalCluster.Spec s : specs) {
            if (Files.exists(s.log())) {
                Files.copy(s.log(), OUT_DIR.resolve("node-" + s.id() + "-" + seed + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
