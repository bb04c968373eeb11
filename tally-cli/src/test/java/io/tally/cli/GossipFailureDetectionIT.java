package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.cli.gossip.MemberViews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWIM failure detection between five real {@code tally node} processes on 127.0.0.1 (from the built
 * {@code tally.jar}), with short probe intervals: a paused node (SIGSTOP for less than the suspicion
 * timeout) is never declared dead; a killed node (SIGKILL) is declared dead by every other within the
 * configured bound; restarted on its data dir (no --id, no --join) it comes back alive with a higher
 * incarnation; a stopped
 * node (SIGTERM) is shown as left. Every wait polls with a deadline.
 */
class GossipFailureDetectionIT {

    static final long PROBE_INTERVAL_MS = 200;
    static final int SUSPICION_MULTIPLIER = 6;
    static final int SUSPICION_MAX_MULTIPLIER = 3;
    /** Suspicion timeout with 5 members: multiplier x max(1, log10(5)) x interval, up to the max multiplier. */
    static final long SUSPICION_MIN_MS = SUSPICION_MULTIPLIER * PROBE_INTERVAL_MS;
    static final long SUSPICION_MAX_MS = SUSPICION_MAX_MULTIPLIER * SUSPICION_MIN_MS;
    /**
     * Bound on "every other member marks a killed one dead": a full round-robin over the other four plus a
     * failed period, the longest suspicion, and 5 s for dissemination and a loaded 2-core CI box (Lifeguard
     * stretches the periods of a node that misses its own acks).
     */
    static final long DEAD_BOUND_MS = 5 * PROBE_INTERVAL_MS + SUSPICION_MAX_MS + 5_000;
    static final long PAUSE_MS = 400;

    private final MemberViews views = new MemberViews();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stopWhatWeStarted() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                p.destroy();
            }
        }
        for (Process p : started) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private Path config() throws IOException {
        Path f = tmp.resolve("gossip.yaml");
        Files.writeString(f, String.join("\n",
            "probe-interval: " + PROBE_INTERVAL_MS + "ms",
            "probe-timeout: 100ms",
            "suspicion-multiplier: " + SUSPICION_MULTIPLIER,
            "suspicion-max-multiplier: " + SUSPICION_MAX_MULTIPLIER,
            "push-pull-interval: 2s",
            "reap-time: 10m",
            "fsync: false",
            ""), StandardCharsets.UTF_8);
        return f;
    }

    private Process node(LocalCluster.Spec s, Path config, String... extra) throws IOException {
        String jar = System.getProperty("tally.jar");
        assertThat(jar).as("system property tally.jar (set by failsafe)").isNotNull();
        List<String> cmd = new ArrayList<>(LocalCluster.javaCommand().subList(0, LocalCluster.javaCommand().indexOf("-cp")));
        cmd.addAll(List.of("-jar", jar, "node", "--data-dir", s.dataDir().toString(), "--http", s.http().toString(),
            "--peer", s.peer().toString(), "--config", config.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(s.log().toFile())).start();
        started.add(p);
        return p;
    }

    private static void signal(String sig, Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    private boolean everyOtherSees(List<LocalCluster.Spec> observers, String id, String state) {
        return observers.stream().allMatch(o -> views.state(o.http().toString(), id).equals(state));
    }

    @Test
    void aJoinNobodyAnswersIsRetriedThenReportedClearly() throws Exception {
        List<LocalCluster.Spec> specs = LocalCluster.plan(2, 0, tmp);
        Path config = tmp.resolve("join.yaml");
        Files.writeString(config, "join-timeout: 1s\nfsync: false\n", StandardCharsets.UTF_8);
        String nowhere = specs.get(1).peer().toString(); // a free port: no node listens there
        node(specs.get(0), config, "--id", "n1", "--join", nowhere);
        MemberViews.await("n1 reports that nobody answered its join", Duration.ofSeconds(30), () -> {
            try {
                return Files.readString(specs.get(0).log()).contains("could not join through [" + nowhere
                    + "]: no member answered within 1000 ms");
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(views.state(specs.get(0).http().toString(), "n1")).as("n1 keeps serving alone").isEqualTo("alive");
    }

    @Test
    void pausedNodeStaysKilledNodeDiesRestartedNodeReturnsStoppedNodeLeaves() throws Exception {
        Path config = config();
        List<LocalCluster.Spec> specs = LocalCluster.plan(5, 0, tmp);
        Map<String, Process> procs = new LinkedHashMap<>();
        LocalCluster.Spec n1 = specs.get(0);
        procs.put("n1", node(n1, config, "--id", "n1"));
        for (LocalCluster.Spec s : specs.subList(1, 5)) {
            procs.put(s.id(), node(s, config, "--id", s.id(), "--join", n1.peer().toString()));
        }
        for (LocalCluster.Spec o : specs) {
            MemberViews.await(o.id() + " sees all five alive", Duration.ofSeconds(40), () -> specs.stream()
                .allMatch(s -> views.state(o.http().toString(), s.id()).equals("alive")));
        }

        // Metadata travels with membership: n1 shows n2's endpoints, voter eligibility and version.
        com.fasterxml.jackson.databind.JsonNode n2AtN1 = views.members(n1.http().toString()).orElseThrow().get("n2");
        assertThat(n2AtN1.path("http").asText()).isEqualTo(specs.get(1).http().toString());
        assertThat(n2AtN1.path("peer").asText()).isEqualTo(specs.get(1).peer().toString());
        assertThat(n2AtN1.path("voter").asBoolean()).isTrue();
        assertThat(n2AtN1.path("version").asText()).isNotEmpty();

        // SIGSTOP n5 for less than the shortest suspicion timeout: suspected perhaps, never dead.
        LocalCluster.Spec n5 = specs.get(4);
        List<LocalCluster.Spec> othersOf5 = specs.subList(0, 4);
        signal("STOP", procs.get("n5"));
        long pausedAt = System.nanoTime();
        while (System.nanoTime() - pausedAt < TimeUnit.MILLISECONDS.toNanos(PAUSE_MS)) {
            for (LocalCluster.Spec o : othersOf5) {
                assertThat(views.state(o.http().toString(), "n5")).as("n5 as %s sees it while paused", o.id())
                    .isNotEqualTo("dead");
            }
        }
        signal("CONT", procs.get("n5"));
        MemberViews.await("every other node sees n5 alive after SIGCONT", Duration.ofSeconds(15),
            () -> everyOtherSees(othersOf5, "n5", "alive"));
        for (LocalCluster.Spec o : othersOf5) {
            assertThat(Files.readString(o.log())).as("%s's log", o.id()).doesNotContain("member n5 is dead");
        }

        // SIGKILL n4: every other node marks it dead within the bound.
        LocalCluster.Spec n4 = specs.get(3);
        List<LocalCluster.Spec> othersOf4 = List.of(specs.get(0), specs.get(1), specs.get(2), n5);
        long incarnationBefore = views.incarnation(n1.http().toString(), "n4");
        procs.get("n4").destroyForcibly(); // SIGKILL
        assertThat(procs.get("n4").waitFor(10, TimeUnit.SECONDS)).isTrue();
        long deadMs = MemberViews.await("every other node marks n4 dead", Duration.ofMillis(DEAD_BOUND_MS),
            () -> everyOtherSees(othersOf4, "n4", "dead"));
        System.out.printf("gossip IT: killed n4 marked dead by every other node after %d ms (bound %d ms)%n",
            deadMs, DEAD_BOUND_MS);

        // Restarted on the same data dir without --id or --join (both come from there), n4 rejoins the
        // members it knew with a fresh incarnation.
        procs.put("n4", node(n4, config));
        MemberViews.await("every other node sees n4 alive again", Duration.ofSeconds(30),
            () -> everyOtherSees(othersOf4, "n4", "alive"));
        for (LocalCluster.Spec o : othersOf4) {
            assertThat(views.incarnation(o.http().toString(), "n4")).as("n4's incarnation at %s", o.id())
                .isGreaterThan(incarnationBefore);
        }

        // SIGTERM n3: it announces left before closing.
        Process p3 = procs.get("n3");
        p3.destroy();
        assertThat(p3.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p3.exitValue()).isZero();
        List<LocalCluster.Spec> othersOf3 = List.of(specs.get(0), specs.get(1), n4, n5);
        MemberViews.await("every other node shows n3 as left", Duration.ofSeconds(15),
            () -> everyOtherSees(othersOf3, "n3", "left"));
        assertThat(Files.readString(specs.get(2).log())).contains("left the cluster (announcement sent)");
    }
}
