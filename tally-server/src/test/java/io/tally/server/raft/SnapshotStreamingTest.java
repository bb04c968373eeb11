package io.tally.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.raft.Configuration;
import io.tally.raft.SnapshotMetadata;
import io.tally.raft.message.Heartbeat;
import io.tally.raft.message.InstallSnapshot;
import io.tally.storage.state.SnapshotReceiver;
import io.tally.storage.state.StateStore;
import io.tally.storage.state.StateStore.Family;
import io.tally.storage.state.StateStore.Write;
import io.tally.wire.proto.Envelope;
import io.tally.wire.raft.SnapshotTransferCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot archive streamed from a leader's checkpoint to a follower by {@link SnapshotTransfers}: pulled in
 * chunks with a bounded window, held back from the core until staged and verified, robust to lost, reordered and
 * damaged chunks, to a restart in the middle, and to a sender that no longer holds the snapshot. Both sides run on
 * the test thread over an in-memory network of real envelopes; time is a counter.
 */
class SnapshotStreamingTest {
    private static final long INDEX = 2_000;
    private static final long TERM = 3;
    private static final int CHUNK_BYTES = 16 << 10;
    private static final int WINDOW = 4;

    @TempDir
    Path tmp;

    private StateStore leaderStore;
    private StateStore followerStore;
    private SnapshotTransfers leader;
    private SnapshotTransfers follower;
    private long nowMs;
    private final Deque<Envelope> toLeader = new ArrayDeque<>();
    private final Deque<Envelope> toFollower = new ArrayDeque<>();
    private final List<RaftEvent> followerQueue = new ArrayList<>();
    private int maxRequestsInFlight;

    @BeforeEach
    void setUp() throws Exception {
        leaderStore = StateStore.open(tmp.resolve("leader-state"), false, false);
        Random random = new Random(7);
        for (long i = 1; i <= INDEX; i++) {
            byte[] value = new byte[200];
            random.nextBytes(value); // incompressible, so the archive spans many chunks
            leaderStore.apply(i, List.of(Write.put(Family.DATA, ("key/" + i).getBytes(StandardCharsets.UTF_8), value)));
        }
        SnapshotCheckpoints leaderCheckpoints = new SnapshotCheckpoints(tmp.resolve("leader-snapshots"), false);
        byte[] ref = leaderCheckpoints.take(leaderStore, INDEX, TERM);
        assertThat(SnapshotRef.is(ref)).isTrue();
        leader = new SnapshotTransfers("l", leaderStore, leaderCheckpoints, false, CHUNK_BYTES, WINDOW, e -> true, () -> nowMs, false);
        leader.attachSender((to, e) -> toFollower.add(e));
        followerStore = StateStore.open(tmp.resolve("follower-state"), false, false);
        follower = newFollower();
    }

    private SnapshotTransfers newFollower() throws Exception {
        SnapshotTransfers f = new SnapshotTransfers("f", followerStore, new SnapshotCheckpoints(tmp.resolve("follower-snapshots"), false),
                false, CHUNK_BYTES, WINDOW, followerQueue::add, () -> nowMs, false);
        f.attachSender((to, e) -> {
            toLeader.add(e);
            maxRequestsInFlight = Math.max(maxRequestsInFlight, toLeader.size() + toFollower.size());
            return true;
        });
        return f;
    }

    @AfterEach
    void tearDown() throws Exception {
        leaderStore.close();
        followerStore.close();
    }

    private static InstallSnapshot install() {
        return new InstallSnapshot("l", "f", TERM, new SnapshotMetadata(INDEX, TERM, Configuration.ofVoters("l", "f")), 0,
                SnapshotRef.encode(INDEX, TERM), true);
    }

    /** Delivers every queued envelope (chunks through {@code damage}, null = lost) until the network is quiet. */
    private void pump(UnaryOperator<SnapshotTransferCodec.Chunk> damage) {
        while (!toLeader.isEmpty() || !toFollower.isEmpty()) {
            while (!toLeader.isEmpty()) {
                leader.onRequest("f", SnapshotTransferCodec.decode(toLeader.poll().getSnapshotChunkRequest()));
            }
            while (!toFollower.isEmpty()) {
                SnapshotTransferCodec.Chunk c = damage.apply(SnapshotTransferCodec.decode(toFollower.poll().getSnapshotChunk()));
                if (c != null) {
                    follower.onChunk("l", c);
                }
            }
        }
    }

    /** Pumps, and while the archive is not verified lets time pass a stall period (the follower asks again). */
    private void runUntilVerified(UnaryOperator<SnapshotTransferCodec.Chunk> damage, int stallsMax) {
        for (int i = 0; i <= stallsMax && !follower.isVerified(INDEX, TERM); i++) {
            pump(damage);
            nowMs += SnapshotTransfers.STALL_MS;
            follower.tick();
        }
        pump(damage);
    }

    private void assertInstalledLikeTheLeader() throws Exception {
        assertThat(follower.isVerified(INDEX, TERM)).isTrue();
        assertThat(followerQueue).containsExactly(new RaftEvent.Message(install()));
        assertThat(follower.admit(install(), 0)).isTrue();
        SnapshotReceiver r = new SnapshotReceiver(followerStore, INDEX, TERM, false);
        assertThat(r.complete()).isTrue();
        r.install();
        assertThat(followerStore.appliedIndex()).isEqualTo(INDEX);
        for (long i = 1; i <= INDEX; i += 97) {
            byte[] key = ("key/" + i).getBytes(StandardCharsets.UTF_8);
            assertThat(followerStore.get(Family.DATA, key).orElseThrow()).isEqualTo(leaderStore.get(Family.DATA, key).orElseThrow());
        }
    }

    @Test
    void anInstallSnapshotIsHeldBackUntilItsArchiveIsStagedAndVerified() throws Exception {
        assertThat(follower.admit(install(), 0)).isFalse();
        assertThat(toLeader).hasSize(1); // one request until the archive's size is known
        pump(c -> c);
        assertThat(follower.chunksAccepted.get()).isGreaterThan(20);
        assertThat(maxRequestsInFlight).isLessThanOrEqualTo(WINDOW);
        assertInstalledLikeTheLeader();
    }

    @Test
    void otherMessagesAndSnapshotsAtOrBelowTheCommitIndexPassAtOnce() {
        assertThat(follower.admit(new Heartbeat("l", "f", TERM, 5, 1), 0)).isTrue();
        assertThat(follower.admit(install(), INDEX)).isTrue();
        InstallSnapshot inline = new InstallSnapshot("l", "f", TERM, new SnapshotMetadata(INDEX, TERM, Configuration.ofVoters("l", "f")),
                0, new byte[] {1, 2, 3}, true);
        assertThat(follower.admit(inline, 0)).isTrue();
        assertThat(toLeader).isEmpty();
    }

    @Test
    void lostChunksAreAskedForAgainAfterAStall() throws Exception {
        follower.admit(install(), 0);
        int[] n = {0};
        runUntilVerified(c -> ++n[0] % 3 == 0 ? null : c, 200);
        assertThat(follower.stalls.get()).isPositive();
        assertInstalledLikeTheLeader();
    }

    @Test
    void chunksArrivingOutOfOrderAreTakenOnlyInOrder() throws Exception {
        follower.admit(install(), 0);
        for (int round = 0; round < 500 && !follower.isVerified(INDEX, TERM); round++) {
            while (!toLeader.isEmpty()) {
                leader.onRequest("f", SnapshotTransferCodec.decode(toLeader.poll().getSnapshotChunkRequest()));
            }
            List<Envelope> batch = new ArrayList<>(toFollower);
            toFollower.clear();
            java.util.Collections.reverse(batch); // the window's chunks arrive last first
            for (Envelope e : batch) {
                follower.onChunk("l", SnapshotTransferCodec.decode(e.getSnapshotChunk()));
            }
            if (toLeader.isEmpty()) {
                nowMs += SnapshotTransfers.STALL_MS;
                follower.tick();
            }
        }
        assertInstalledLikeTheLeader();
    }

    @Test
    void aChunkFailingItsCrcIsAskedForAgain() throws Exception {
        follower.admit(install(), 0);
        boolean[] done = {false};
        runUntilVerified(c -> {
            if (!done[0] && c.offset() == 3L * CHUNK_BYTES) {
                done[0] = true;
                byte[] bad = c.data().clone();
                bad[10] ^= 1;
                return new SnapshotTransferCodec.Chunk(c.index(), c.term(), c.offset(), bad, c.crc32c(), c.last(), c.totalBytes(), true, "");
            }
            return c;
        }, 20);
        assertThat(follower.chunksRejected.get()).isEqualTo(1);
        assertInstalledLikeTheLeader();
    }

    @Test
    void anArchiveFailingItsDigestIsFetchedAgainFromZero() throws Exception {
        follower.admit(install(), 0);
        boolean[] done = {false};
        runUntilVerified(c -> {
            if (!done[0] && c.offset() == 2L * CHUNK_BYTES) { // damaged before its CRC was computed: only the digest sees it
                done[0] = true;
                byte[] bad = c.data().clone();
                bad[100] ^= 1;
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(bad);
                return new SnapshotTransferCodec.Chunk(c.index(), c.term(), c.offset(), bad, (int) crc.getValue(), c.last(), c.totalBytes(), true, "");
            }
            return c;
        }, 20);
        assertThat(follower.restarts.get()).isEqualTo(1);
        assertInstalledLikeTheLeader();
    }

    @Test
    void aTransferCutByARestartResumesWhereTheStagedBytesEnd() throws Exception {
        follower.admit(install(), 0);
        for (int i = 0; i < 3; i++) { // three request/answer rounds, then the follower "crashes"
            while (!toLeader.isEmpty()) {
                leader.onRequest("f", SnapshotTransferCodec.decode(toLeader.poll().getSnapshotChunkRequest()));
            }
            while (!toFollower.isEmpty()) {
                follower.onChunk("l", SnapshotTransferCodec.decode(toFollower.poll().getSnapshotChunk()));
            }
        }
        long staged = follower.fetchingOffset();
        assertThat(staged).isPositive();
        toLeader.clear();
        toFollower.clear();
        follower = newFollower();
        assertThat(follower.admit(install(), 0)).isFalse();
        SnapshotTransferCodec.Request first = SnapshotTransferCodec.decode(toLeader.peek().getSnapshotChunkRequest());
        assertThat(first.offset()).isEqualTo(staged);
        pump(c -> c);
        assertInstalledLikeTheLeader();
    }

    @Test
    void aSenderThatNoLongerHoldsTheSnapshotEndsTheFetch() throws Exception {
        InstallSnapshot other = new InstallSnapshot("l", "f", TERM, new SnapshotMetadata(INDEX + 5, TERM, Configuration.ofVoters("l", "f")), 0,
                SnapshotRef.encode(INDEX + 5, TERM), true);
        assertThat(follower.admit(other, 0)).isFalse();
        pump(c -> c);
        assertThat(follower.fetchingOffset()).isEqualTo(-1);
        assertThat(follower.isVerified(INDEX + 5, TERM)).isFalse();
        assertThat(followerQueue).isEmpty();
        try (var l = Files.list(tmp.resolve("follower-state"))) {
            assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("incoming-" + (INDEX + 5)));
        }
    }

    @Test
    void aNewerSnapshotReplacesAnOlderFetch() throws Exception {
        InstallSnapshot older = new InstallSnapshot("l", "f", TERM, new SnapshotMetadata(INDEX - 100, TERM, Configuration.ofVoters("l", "f")), 0,
                SnapshotRef.encode(INDEX - 100, TERM), true);
        follower.admit(older, 0);
        toLeader.clear(); // the older one's request is lost; the leader moved on
        assertThat(follower.admit(install(), 0)).isFalse();
        pump(c -> c);
        assertInstalledLikeTheLeader();
    }
}
