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
    void everythingQueuedDuringAnFsyncIsCommittedByTheNextSingleFsync() throws Exception {
        java.util.concurrent.CountDownLatch inFirstSync = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        io.tally.storage.fs.SimFileSystem sim = new io.tally.storage.fs.SimFileSystem(new java.util.Random(1));
        Wal wal = Wal.open(new GatedFileSystem(sim, inFirstSync, release), "wal", Wal.Options.defaults());
        try (GroupCommitWal gc = new GroupCommitWal(wal, 1024, 1024, "test-storage")) {
            CompletableFuture<Long> first = gc.appendNext(1, new byte[10]);
            assertThat(inFirstSync.await(30, TimeUnit.SECONDS)).isTrue(); // the storage thread is inside fsync
            List<CompletableFuture<Long>> queued = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                queued.add(gc.appendNext(1, new byte[10]));
            }
            assertThat(first).isNotDone(); // not durable yet, so not acknowledged
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            for (int i = 0; i < queued.size(); i++) {
                assertThat(queued.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 2L);
            }
            assertThat(gc.syncs()).isEqualTo(2);
            assertThat(gc.entries()).isEqualTo(101);
        }
    }

    /** Delegates to another file system; the first file sync after opening blocks until released. */
    private static final class GatedFileSystem implements io.tally.storage.fs.FileSystem {
        private final io.tally.storage.fs.FileSystem inner;
        private final java.util.concurrent.CountDownLatch entered;
        private final java.util.concurrent.CountDownLatch release;

        GatedFileSystem(io.tally.storage.fs.FileSystem inner, java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release) {
            this.inner = inner;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public io.tally.storage.fs.FileHandle open(String path, boolean create) throws java.io.IOException {
            io.tally.storage.fs.FileHandle h = inner.open(path, create);
            return new io.tally.storage.fs.FileHandle() {
                @Override
                public long size() throws java.io.IOException {
                    return h.size();
                }

                @Override
                public int read(long position, java.nio.ByteBuffer dst) throws java.io.IOException {
                    return h.read(position, dst);
                }

                @Override
                public void append(java.nio.ByteBuffer src) throws java.io.IOException {
                    h.append(src);
                }

                @Override
                public void truncate(long sizeBytes) throws java.io.IOException {
                    h.truncate(sizeBytes);
                }

                @Override
                public void sync() throws java.io.IOException {
                    if (Thread.currentThread().getName().equals("test-storage") && entered.getCount() > 0) {
                        entered.countDown();
                        try {
                            if (!release.await(30, TimeUnit.SECONDS)) {
                                throw new java.io.IOException("gate never released");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.IOException(e);
                        }
                    }
                    h.sync();
                }

                @Override
                public void close() throws java.io.IOException {
                    h.close();
                }
            };
        }

        @Override
        public boolean exists(String path) {
            return inner.exists(path);
        }

        @Override
        public List<String> list(String dir) throws java.io.IOException {
            return inner.list(dir);
        }

        @Override
        public void mkdirs(String dir) throws java.io.IOException {
            inner.mkdirs(dir);
        }

        @Override
        public void delete(String path) throws java.io.IOException {
            inner.delete(path);
        }

        @Override
        public void rename(String from, String to) throws java.io.IOException {
            inner.rename(from, to);
        }

        @Override
        public void syncDir(String dir) throws java.io.IOException {
            inner.syncDir(dir);
        }
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
