package io.tally.storage.crash;

import io.tally.storage.fs.RealFileSystem;
import io.tally.storage.state.SnapshotArchive;
import io.tally.storage.state.SnapshotReceiver;
import io.tally.storage.state.StateStore;
import io.tally.storage.wal.GroupCommitWal;
import io.tally.storage.wal.Wal;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link KillDashNineTest} kills. {@code wal DIR}: four threads append through group commit
 * (compacting now and then) and print "ACK index thread seq" once durable. {@code state DIR}: applies
 * counter increments with their index (installing a snapshot of itself every 150 entries) and prints
 * "APPLIED index" once durable. Both stop by themselves after a bounded count.
 */
public final class CrashChild {

    private CrashChild() {
    }

    static byte[] payload(int thread, int seq) {
        return ("t" + thread + "-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Path dir = Path.of(args[1]);
        if (args[0].equals("wal")) {
            wal(dir, out);
        } else {
            state(dir, out);
        }
    }

    private static void wal(Path dir, PrintStream out) throws Exception {
        Wal wal = Wal.open(new RealFileSystem(dir, true), "wal", new Wal.Options(64 << 10, 1 << 10));
        GroupCommitWal gc = new GroupCommitWal(wal, 256, 64, "crash-storage");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    for (int seq = 0; seq < 20_000; seq++) {
                        long index = gc.appendNext(1, payload(thread, seq)).get(60, TimeUnit.SECONDS);
                        synchronized (out) {
                            out.println("ACK " + index + " " + thread + " " + seq);
                        }
                        if (thread == 0 && seq % 300 == 299) {
                            long last = gc.durableLastIndex();
                            gc.submit(List.of(new GroupCommitWal.Op.Compact(last - 100, 1))).get(60, TimeUnit.SECONDS);
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        gc.close();
    }

    private static void state(Path dir, PrintStream out) throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"), true, true);
        byte[] key = "counter".getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < 5_000; n++) {
            long index = store.appliedIndex() + 1;
            long value = store.get(StateStore.Family.DATA, key).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L) + 1;
            store.apply(index, List.of(StateStore.Write.put(StateStore.Family.DATA, key, ByteBuffer.allocate(8).putLong(value).array())));
            out.println("APPLIED " + index);
            if (index % 150 == 0) {
                Path cp = dir.resolve("cp-" + index);
                StateStore.deleteTreeForTests(cp);
                long at = store.checkpoint(cp);
                SnapshotArchive.Source src = SnapshotArchive.prepare(cp, at, 1, new byte[0]);
                SnapshotReceiver r = new SnapshotReceiver(store, at, 1, true);
                long offset = r.resumeOffset();
                while (!r.complete()) {
                    offset = r.accept(SnapshotReceiver.Chunk.read(src, offset, 8192));
                }
                r.install();
                StateStore.deleteTreeForTests(cp);
                out.println("INSTALLED " + at);
            }
        }
        store.close();
    }
}
