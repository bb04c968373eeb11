package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot larger than the peer frame limit reaches a follower: three real {@code tally node} processes
 * ({@code -Xmx256m}, fsync on, a snapshot every 20 entries, 256 KiB chunks); one follower is killed, 2,000 values of
 * 4 KiB that do not compress are written (an archive of about 8 MiB, twice the 4 MiB frame limit), the follower
 * restarts, pulls the archive in chunks from the leader, and then serves every value byte for byte. Every wait polls
 * a condition up to a deadline; the load is bounded by its key count.
 */
class BigSnapshotIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int KEYS = 2_000;
    private static final int VALUE_BYTES = 4_096;
    private static final long FRAME_BYTES_MAX = 4L << 20;
    /** Applied entries between snapshots (writes arriving together share an entry, so this is small). */
    private static final int SNAPSHOT_ENTRIES = 20;

    @TempDir
    Path tmp;

    @AutoClose
    NodeProcesses nodes;

    /** 4 KiB of printable bytes that do not compress, seeded by the key number. */
    private static String value(int k) {
        SplittableRandom r = new SplittableRandom(k * 0xBF58476D1CE4E5B9L);
        StringBuilder b = new StringBuilder(VALUE_BYTES);
        for (int i = 0; i < VALUE_BYTES; i++) {
            b.append((char) ('!' + r.nextInt(94)));
        }
        return b.toString();
    }

    @Test
    void aFollowerCatchesUpByASnapshotLargerThanTheFrameLimit() throws Exception {
        nodes = new NodeProcesses(tmp, 3, Duration.ofSeconds(10), "snapshot-entries: " + SNAPSHOT_ENTRIES);
        List<LocalCluster.Spec> specs = nodes.specs();
        for (LocalCluster.Spec s : specs) {
            nodes.start(s, "-Dtally.snapshot.chunkBytes=262144");
        }
        java.util.concurrent.atomic.AtomicReference<LocalCluster.Spec> found = new java.util.concurrent.atomic.AtomicReference<>();
        nodes.await("a leader", () -> nodes.leader().map(l -> {
            found.set(l);
            return true;
        }).orElse(false), DEADLINE);
        LocalCluster.Spec lead = found.get();
        LocalCluster.Spec follower = specs.stream().filter(s -> !s.id().equals(lead.id())).findFirst().orElseThrow();
        nodes.kill9(follower);

        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                int key = k;
                statuses.add(writers.submit(() -> nodes.send(lead, "PUT", "/v1/kv/big-" + key, value(key)).statusCode()));
            }
            for (Future<Integer> f : statuses) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            writers.shutdownNow();
        }
        long written = nodes.getJson(lead, "/v1/cluster").orElseThrow().path("raft").path("commit_index").asLong();
        nodes.await("the leader compacted its log past the writes", () -> nodes.getJson(lead, "/v1/cluster")
                .map(c -> c.path("raft").path("snapshot_index").asLong()).orElse(0L) > written - SNAPSHOT_ENTRIES, DEADLINE);

        nodes.restart(follower);
        nodes.await("the follower holds the last value", () -> {
            try {
                HttpResponse<String> r = nodes.send(follower, "GET", "/v1/kv/big-" + (KEYS - 1) + "?consistency=serializable", null);
                return r.statusCode() == 200 && r.body().equals(value(KEYS - 1));
            } catch (IOException e) {
                return false;
            }
        }, DEADLINE);
        for (int k = 0; k < KEYS; k++) {
            HttpResponse<String> r = nodes.send(follower, "GET", "/v1/kv/big-" + k + "?consistency=serializable", null);
            assertThat(r.statusCode()).as("big-%d on the follower", k).isEqualTo(200);
            assertThat(r.body()).as("big-%d on the follower", k).isEqualTo(value(k));
        }
        assertThat(nodes.getJson(follower, "/v1/cluster").orElseThrow().path("raft").path("snapshot_index").asLong()).isPositive();
        String log = Files.readString(follower.log());
        Matcher m = Pattern.compile("staged and verified: (\\d+) bytes").matcher(log);
        assertThat(m.find()).as("the follower log says it staged a streamed snapshot:\n%s", log).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("archive bytes").isGreaterThan(FRAME_BYTES_MAX);
        assertThat(log).contains("installed snapshot");
        assertThat(Files.readString(lead.log())).contains("sending snapshot");
    }
}
