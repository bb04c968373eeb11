import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads N distinct keys (PUT /v1/kv/k0000000..) with values of a given size into a Tally node, with a bounded
 * number of requests in flight; stops after the key count or the deadline, whichever comes first. Run with
 * {@code java bench/HeapLoader.java HOST:PORT KEYS VALUE_BYTES IN_FLIGHT DEADLINE_SECONDS [FIRST_KEY]}.
 * Prints one progress line every 5 s and a summary line "loaded=N failed=F seconds=S". With {@code --check} as the
 * first argument it reads every STEP-th key back instead ({@code --check HOST:PORT KEYS VALUE_BYTES STEP}, serializable reads of
 * that node) and counts values that differ.
 */
public final class HeapLoader {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--check")) {
            check(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
            return;
        }
        String endpoint = args[0];
        long keys = Long.parseLong(args[1]);
        int valueBytes = Integer.parseInt(args[2]);
        int inFlight = Integer.parseInt(args[3]);
        long deadlineNanos = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        long first = args.length > 5 ? Long.parseLong(args[5]) : 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long lastPrint = start;
        for (long i = first; i < first + keys && System.nanoTime() < deadlineNanos; i++) {
            slots.acquire();
            long k = i;
            String key = String.format("k%07d", k);
            byte[] value = value(k, valueBytes);
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + endpoint + "/v1/kv/" + key))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build();
            sendWithRetry(client, req, 5, slots, ok, failed);
            long now = System.nanoTime();
            if (now - lastPrint > 5_000_000_000L) {
                lastPrint = now;
                System.out.printf("progress: %d ok, %d failed, %.0f s%n", ok.get(), failed.get(), (now - start) / 1e9);
            }
        }
        slots.acquire(inFlight);
        System.out.printf("loaded=%d failed=%d seconds=%.1f%n", ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Reads every {@code step}-th key back (serializable, from this node) and prints "checked=N wrong=W". */
    static void check(String endpoint, long keys, int valueBytes, long step) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        long checked = 0;
        long wrong = 0;
        for (long k = 0; k < keys; k += step) {
            String key = String.format("k%07d", k);
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/v1/kv/" + key
                    + "?consistency=serializable")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            checked++;
            if (r.statusCode() != 200 || !java.util.Arrays.equals(r.body(), value(k, valueBytes))) {
                if (wrong++ < 3) {
                    System.out.println("wrong: " + key + " status " + r.statusCode());
                }
            }
        }
        System.out.printf("checked=%d wrong=%d%n", checked, wrong);
    }

    /** Printable bytes that do not compress (seeded by a mix of the key number, so no two values share a run), so snapshot sizes are realistic. */
    static byte[] value(long k, int valueBytes) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(k * 0xBF58476D1CE4E5B9L);
        byte[] v = new byte[valueBytes];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ('!' + r.nextInt(94));
        }
        return v;
    }

    private static void sendWithRetry(HttpClient client, HttpRequest req, int attempts, Semaphore slots, AtomicLong ok, AtomicLong failed) {
        client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
            if (e == null && r.statusCode() / 100 == 2) {
                ok.incrementAndGet();
                slots.release();
            } else if (attempts > 1) {
                sendWithRetry(client, req, attempts - 1, slots, ok, failed);
            } else {
                failed.incrementAndGet();
                slots.release();
            }
        });
    }
}
