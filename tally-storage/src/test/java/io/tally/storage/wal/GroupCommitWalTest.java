package io.tally.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.storage.fs.RealFileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: many concurrent appenders share fsyncs, and a future completes only once its entry is durable. */
class GroupCommitWalTest {

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersShareFsyncsAndEveryAcknowledgedEntryIsDurable() throws Exception {
        RealFileSystem fs = new RealFileSystem(dir, true);
        int appenders = 32;
        int perAppender = 40;
        try (GroupCommitWal gc = new GroupCommitWal(Wal.open(fs, "wal", Wal.Options.defaults()), 1024, 256, "test-storage")) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int a = 0; a < appenders; a++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < perAppender; i++) {
                            appendOne(gc);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(errors).isEmpty();
            long total = (long) appenders * perAppender;
            assertThat(gc.entries()).isEqualTo(total);
            assertThat(gc.durableLastIndex()).isEqualTo(total);
            assertThat(gc.syncs()).as("group commit: fewer fsyncs than requests").isLessThan(gc.requests());
        }
        Wal again = Wal.open(new RealFileSystem(dir, true), "wal", Wal.Options.defaults());
        assertThat(again.lastIndex()).isEqualTo((long) appenders * perAppender);
        again.close();
    }

    private static void appendOne(GroupCommitWal gc) throws Exception {
        long index = gc.appendNext(1, new byte[100]).get(30, TimeUnit.SECONDS);
        // completion means durable: the durable index has reached it
        assertThat(gc.durableLastIndex()).isGreaterThanOrEqualTo(index);
        assertThat(index).isBetween(1L, gc.durableLastIndex());
    }

    @Test
    void aRejectedOpFailsOnlyItsOwnFuture() throws Exception {
        RealFileSystem fs = new RealFileSystem(dir, false);
        try (GroupCommitWal gc = new GroupCommitWal(Wal.open(fs, "wal", Wal.Options.defaults()), 16, 16, "test-storage")) {
            CompletableFuture<Long> bad = gc.append(List.of(new WalRecord.Entry(5, 1, new byte[1])));
            CompletableFuture<Long> good = gc.append(List.of(new WalRecord.Entry(1, 1, new byte[1])));
            assertThat(good.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(bad).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalArgumentException.class);
        }
    }
}
