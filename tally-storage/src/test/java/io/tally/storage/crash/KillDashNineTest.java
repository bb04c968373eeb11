package io.tally.storage.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.state.StateStore;
import io.tally.storage.wal.Wal;
import io.tally.storage.wal.WalRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real writer process with SIGKILL at a random moment (after a random number of acknowledged
 * writes), restarts on the same directory, and checks that every acknowledged write is there and that
 * nothing was applied twice. Three rounds per mode on the same directory.
 */
class KillDashNineTest {

    @TempDir
    Path dir;

    private Process start(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), mode, dir.toString());
        pb.redirectError(dir.resolve("child-" + mode + ".err").toFile());
        return pb.start();
    }

    /** Reads lines until {@code count} acknowledgements (or the child ends); returns them. */
    private static List<String> readAcks(Process p, String prefix, int count) throws Exception {
        List<String> acks = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (acks.size() < count && System.nanoTime() < deadline && (line = r.readLine()) != null) {
            if (line.startsWith(prefix)) {
                acks.add(line);
            }
        }
        return acks;
    }

    private static void kill(Process p) throws Exception {
        p.destroyForcibly(); // SIGKILL on Linux
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void everyAcknowledgedWalAppendSurvivesSigkill() throws Exception {
        Random rnd = new Random(42);
        for (int round = 0; round < 3; round++) {
            Process p = start("wal");
            List<String> acks = readAcks(p, "ACK ", 200 + rnd.nextInt(1500));
            kill(p);
            assertThat(acks).as("child made progress (see child-wal.err)").isNotEmpty();
            try (Wal wal = Wal.open(new RealFileSystem(dir, true), "wal", new Wal.Options(64 << 10, 1 << 10))) {
                for (String ack : acks) {
                    String[] f = ack.split(" ");
                    long index = Long.parseLong(f[1]);
                    if (index <= wal.compactIndex()) {
                        continue; // compacted on purpose
                    }
                    assertThat(index).as("acknowledged index %d lost (log ends at %d)", index, wal.lastIndex()).isLessThanOrEqualTo(wal.lastIndex());
                    WalRecord.Entry e = wal.entries(index, index + 1, 1).get(0);
                    assertThat(e.data()).isEqualTo(CrashChild.payload(Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                }
            }
        }
    }

    @Test
    void appliedStateSurvivesSigkillExactlyOnceIncludingDuringSnapshotInstalls() throws Exception {
        Random rnd = new Random(43);
        long lastApplied = 0;
        for (int round = 0; round < 3; round++) {
            Process p = start("state");
            List<String> acks = readAcks(p, "APPLIED ", 100 + rnd.nextInt(600));
            kill(p);
            assertThat(acks).as("child made progress (see child-state.err)").isNotEmpty();
            long acked = Long.parseLong(acks.get(acks.size() - 1).split(" ")[1]);
            assertThat(acked).isGreaterThan(lastApplied);
            try (StateStore s = StateStore.open(dir.resolve("state"), true, true)) {
                assertThat(s.appliedIndex()).as("acknowledged apply lost").isGreaterThanOrEqualTo(acked);
                long counter = s.get(StateStore.Family.DATA, "counter".getBytes(StandardCharsets.UTF_8))
                        .map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
                assertThat(counter).as("each index increments once: counter equals the applied index").isEqualTo(s.appliedIndex());
                lastApplied = s.appliedIndex();
            }
        }
    }
}
