package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files end to end on three real {@code tally node} processes (fsync on): a 200 MB file streamed from a seeded
 * generator (never held in memory) uploads while a follower is killed and restarted, downloads byte-identical from
 * the leader and then from that follower, and serves a Range; an upload that breaks off is invisible and
 * {@code tally files put} then sends only the chunks the cluster lacks; list and delete. Waits poll with deadlines.
 */
class FilesIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int BLOCK = 1 << 20;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    NodeProcesses nodes;

    @BeforeEach
    void startCluster() throws Exception {
        nodes = new NodeProcesses(tmp, 3, Duration.ofSeconds(30), HttpClient.Version.HTTP_1_1);
        nodes.startAll();
        nodes.await("a leader", () -> nodes.leader().isPresent(), DEADLINE);
    }

    /** Block {@code b} of the seeded content: 1 MiB from its own seeded Random, so any offset can be regenerated. */
    private static byte[] block(long seed, long b) {
        byte[] out = new byte[BLOCK];
        new Random(seed * 1_000_003L + b).nextBytes(out);
        return out;
    }

    /** {@code sizeBytes} of seeded content, generated block by block as it is read. */
    private static class Generated extends InputStream {
        final long seed;
        final long sizeBytes;
        final AtomicLong position = new AtomicLong();
        private byte[] current;
        private long currentBlock = -1;

        Generated(long seed, long sizeBytes) {
            this.seed = seed;
            this.sizeBytes = sizeBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long pos = position.get();
            if (pos >= sizeBytes) {
                return -1;
            }
            long blk = pos / BLOCK;
            if (blk != currentBlock) {
                current = block(seed, blk);
                currentBlock = blk;
            }
            int inBlock = (int) (pos % BLOCK);
            int n = (int) Math.min(Math.min(len, BLOCK - inBlock), sizeBytes - pos);
            System.arraycopy(current, inBlock, b, off, n);
            position.addAndGet(n);
            return n;
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private HttpResponse<InputStream> get(LocalCluster.Spec s, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + s.http() + path)).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return nodes.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<String> upload(LocalCluster.Spec s, String name, InputStream body, long sizeBytes) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + s.http() + "/v1/files/" + name)).timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/x-test")
            .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), sizeBytes)).build();
        return nodes.http().send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBigFileUploadsWhileAFollowerRestartsAndDownloadsByteIdenticalFromEveryNode() throws Exception {
        long size = 200L * 1024 * 1024 + 12_345;
        long seed = 42;
        String expected = sha256(new Generated(seed, size));
        LocalCluster.Spec lead = nodes.leader().orElseThrow();
        LocalCluster.Spec follower = nodes.specs().stream().filter(s -> !s.id().equals(lead.id())).findFirst().orElseThrow();

        Generated body = new Generated(seed, size);
        Thread restarter = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (body.position.get() < size / 3 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(20); // polling a progress counter with a deadline
                }
                nodes.kill9(follower);
                while (body.position.get() < 2 * size / 3 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                nodes.restart(follower);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "restarter");
        restarter.start();
        long t0 = System.nanoTime();
        HttpResponse<String> put = upload(lead, "big.bin", body, size);
        long uploadMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        restarter.join(60_000);
        assertThat(put.statusCode()).as("upload answer %s", put.body()).isEqualTo(200);
        assertThat(json.readTree(put.body()).path("sha256").asText()).isEqualTo(expected);
        assertThat(json.readTree(put.body()).path("size").asLong()).isEqualTo(size);
        System.out.printf("uploaded %d bytes in %d ms while %s restarted%n", size, uploadMs, follower.id());

        t0 = System.nanoTime();
        HttpResponse<InputStream> fromLeader = get(lead, "/v1/files/big.bin");
        assertThat(fromLeader.statusCode()).isEqualTo(200);
        assertThat(fromLeader.headers().firstValue("Content-Length")).contains(Long.toString(size));
        assertThat(fromLeader.headers().firstValue("ETag")).contains("\"" + expected + "\"");
        try (InputStream in = fromLeader.body()) {
            assertThat(sha256(in)).isEqualTo(expected);
        }
        System.out.printf("downloaded from the leader in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        nodes.await("the restarted follower serves", () -> nodes.getJson(follower, "/v1/files?consistency=serializable")
            .map(n -> n.path("files").size() == 1).orElse(false), DEADLINE);
        t0 = System.nanoTime();
        HttpResponse<InputStream> fromFollower = get(follower, "/v1/files/big.bin");
        assertThat(fromFollower.statusCode()).isEqualTo(200);
        try (InputStream in = fromFollower.body()) {
            assertThat(sha256(in)).as("the restarted follower's copy").isEqualTo(expected);
        }
        System.out.printf("downloaded from the restarted follower in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        long first = 150L * BLOCK - 10;
        HttpResponse<InputStream> range = get(follower, "/v1/files/big.bin", "Range", "bytes=" + first + "-" + (first + 99));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes " + first + "-" + (first + 99) + "/" + size);
        byte[] expectedRange = new byte[100];
        System.arraycopy(block(seed, 149), BLOCK - 10, expectedRange, 0, 10);
        System.arraycopy(block(seed, 150), 0, expectedRange, 10, 90);
        try (InputStream in = range.body()) {
            assertThat(in.readAllBytes()).isEqualTo(expectedRange);
        }
        HttpResponse<InputStream> beyond = get(lead, "/v1/files/big.bin", "Range", "bytes=" + size + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        beyond.body().close();
    }

    private record Run(int exit, String out, String err) {}

    private Run tally(String... args) throws Exception {
        List<String> cmd = NodeProcesses.tally();
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("tally %s finished", String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void anInterruptedUploadIsInvisibleAndResumesBySendingOnlyMissingChunks() throws Exception {
        LocalCluster.Spec node = nodes.specs().get(0);
        String endpoints = String.join(",", nodes.specs().stream().map(s -> s.http().toString()).toList());
        long size = 12L * BLOCK + 123;
        long seed = 7;
        // 5 MiB go in; once the first 4 chunks are on a majority the body fails: the client aborts mid-stream.
        List<String> firstChunks = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            firstChunks.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(block(seed, b))));
        }
        String query = json.writeValueAsString(Map.of("chunks", firstChunks));
        InputStream breaking = new Generated(seed, size) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position.get() >= 5L * BLOCK) {
                    try {
                        nodes.await("the first chunks are stored on a majority", () -> {
                            try {
                                return json.readTree(nodes.send(node, "POST", "/v1/chunks/missing", query).body()).path("missing").isEmpty();
                            } catch (IOException e) {
                                return false;
                            }
                        }, DEADLINE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("the upload breaks off here");
                }
                return super.read(b, off, (int) Math.min(len, 5L * BLOCK - position.get()));
            }
        };
        try {
            HttpResponse<String> r = upload(node, "resumed.bin", breaking, size);
            assertThat(r.statusCode()).as("a broken upload is never acknowledged").isNotEqualTo(200);
        } catch (IOException expected) {
            // the client gave up on the request
        }
        assertThat(nodes.send(node, "GET", "/v1/files/resumed.bin", null).statusCode()).isEqualTo(404);
        assertThat(nodes.getJson(node, "/v1/files").orElseThrow().path("files")).isEmpty();

        Path file = tmp.resolve("resumed.bin");
        try (InputStream in = new Generated(seed, size); OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        Run put = tally("files", "put", file.toString(), "--endpoints", endpoints);
        assertThat(put.exit()).as("put: %s %s", put.out(), put.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sent (\\d+) of 13 chunks \\((\\d+) already stored\\)").matcher(put.err());
        assertThat(m.find()).as("put reports what it sent: %s", put.err()).isTrue();
        int stored = Integer.parseInt(m.group(2));
        assertThat(stored).as("the chunks of the broken upload are not sent again").isBetween(4, 5);
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(13 - stored);

        Path back = tmp.resolve("back.bin");
        Run get = tally("files", "get", "resumed.bin", "-o", back.toString(), "--endpoints", nodes.specs().get(2).http().toString());
        assertThat(get.exit()).as("get: %s", get.err()).isZero();
        assertThat(Files.mismatch(file, back)).isEqualTo(-1L);

        Run again = tally("files", "put", file.toString(), "--name", "copy.bin", "--endpoints", endpoints);
        assertThat(again.err()).contains("sent 0 of 13 chunks");
        Run ls = tally("files", "ls", "--endpoints", endpoints);
        assertThat(ls.out()).contains("copy.bin\t" + size).contains("resumed.bin\t" + size);

        Run rm = tally("files", "rm", "copy.bin", "--endpoints", endpoints);
        assertThat(rm.exit()).isZero();
        assertThat(nodes.send(node, "GET", "/v1/files/copy.bin", null).statusCode()).isEqualTo(404);
        assertThat(tally("files", "ls", "--endpoints", endpoints).out()).doesNotContain("copy.bin").contains("resumed.bin");
        HttpResponse<String> bad = nodes.send(node, "PUT", "/v1/chunks/" + "ab".repeat(32), "not that");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\"");
    }
}
