package io.tally.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.server.http.ApiDispatcher;
import io.tally.storage.chunk.ChunkStore;
import io.tally.storage.fs.RealFileSystem;
import io.tally.store.command.ChunkRef;
import io.tally.wire.proto.Envelope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three file services on real chunk stores, wired to each other by an in-memory peer network that can cut a node
 * off: a stored chunk is durable on a majority, a node lacking a chunk fetches and verifies it, "missing" counts
 * holders against the majority, and a chunk nobody else can store is refused with 503.
 */
class FileServiceTest {
    private static final Set<String> VOTERS = Set.of("a", "b", "c");
    private final Map<String, FileService> nodes = new TreeMap<>();
    private final Map<String, ChunkStore> stores = new TreeMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        ApiDispatcher none = route -> Optional.empty();
        for (String id : VOTERS) {
            ChunkStore store = new ChunkStore(new RealFileSystem(tmp.resolve(id), false), "chunks", 4 << 20);
            stores.put(id, store);
            nodes.put(id, new FileService(store, id, (peer, e) -> deliver(id, peer, e),
                () -> CompletableFuture.completedFuture(VOTERS), none, () -> null));
        }
    }

    private boolean deliver(String from, String to, Envelope e) {
        if (down.contains(to) || down.contains(from)) {
            return false;
        }
        nodes.get(to).onPeerMessage(from, e.getFiles());
        return true;
    }

    @AfterEach
    void stop() {
        nodes.values().forEach(FileService::close);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10); // polling interval of a deadline-bounded wait
        }
    }

    private int holders(String id) {
        return (int) stores.values().stream().filter(s -> s.contains(id)).count();
    }

    @Test
    void aStoredChunkIsOnAMajorityWhenTheStoreCompletesAndOnEveryReachableVoterSoonAfter() throws Exception {
        byte[] data = random(100_000, 1);
        ChunkRef ref = nodes.get("a").storeChunk(data).get(20, TimeUnit.SECONDS);
        assertThat(ref.hex()).isEqualTo(ChunkStore.idOf(data));
        assertThat(ref.sizeBytes()).isEqualTo(data.length);
        assertThat(holders(ref.hex())).isGreaterThanOrEqualTo(FileService.majority(3));
        await("every voter holds the chunk", () -> holders(ref.hex()) == 3);
        assertThat(nodes.get("b").missing(List.of(ref.hex())).get(20, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aChunkIsStoredWithOneVoterDownAndTheVoterFetchesItWhenItIsRead() throws Exception {
        down.add("c");
        byte[] data = random(50_000, 2);
        String id = nodes.get("a").storeChunk(data).get(20, TimeUnit.SECONDS).hex();
        assertThat(stores.get("c").contains(id)).isFalse();
        down.remove("c");
        assertThat(nodes.get("c").readChunk(id).get(20, TimeUnit.SECONDS)).isEqualTo(data);
        assertThat(stores.get("c").contains(id)).as("the fetched chunk is stored").isTrue();
    }

    @Test
    void missingNamesTheChunksHeldByFewerThanAMajority() throws Exception {
        byte[] onlyHere = random(1000, 3);
        stores.get("a").put(onlyHere);
        byte[] onTwo = random(1000, 4);
        stores.get("a").put(onTwo);
        stores.get("b").put(onTwo);
        String unknown = "00".repeat(32);
        List<String> missing = nodes.get("c").missing(List.of(ChunkStore.idOf(onlyHere), ChunkStore.idOf(onTwo), unknown))
            .get(20, TimeUnit.SECONDS);
        assertThat(missing).containsExactly(ChunkStore.idOf(onlyHere), unknown);
    }

    @Test
    void aChunkNoOtherVoterCanStoreIsRefusedAsUnavailable() throws Exception {
        down.add("b");
        down.add("c");
        CompletableFuture<ChunkRef> f = nodes.get("a").storeChunk(random(10, 5));
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(FileApi.Unavailable.class).hasMessageContaining("fewer than a majority");
        CompletableFuture<byte[]> r = nodes.get("a").readChunk("11".repeat(32));
        assertThatThrownBy(() -> r.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(FileApi.Unavailable.class)
            .hasMessageContaining("on no reachable node");
    }

    @Test
    void theMajorityIsMoreThanHalf() {
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(FileService::majority).toList()).containsExactly(1, 2, 2, 3, 3);
    }
}
