package io.tally.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.store.command.Command;
import io.tally.store.state.ApplyOutput;
import io.tally.store.state.DataStateMachine;
import io.tally.store.state.Family;
import io.tally.store.state.MemoryState;
import io.tally.store.state.Write;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The apply thread's write-through cache answers exactly what the store underneath holds. */
class ApplyCacheTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCommittedWriteIsReadBackAndADeleteReadsAbsent() {
        MemoryState store = new MemoryState();
        ApplyCache cache = new ApplyCache(store);
        assertThat(cache.get(Family.DATA, b("k"))).isNull();
        List<Write> put = List.of(Write.put(Family.DATA, b("k"), b("v1")));
        store.commit(1, put);
        cache.committed(put);
        assertThat(cache.get(Family.DATA, b("k"))).isEqualTo(b("v1"));
        List<Write> del = List.of(Write.delete(Family.DATA, b("k")));
        store.commit(2, del);
        cache.committed(del);
        assertThat(cache.get(Family.DATA, b("k"))).isNull();
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void itHoldsAtMostItsBoundAndClearForgetsEverything() {
        MemoryState store = new MemoryState();
        ApplyCache cache = new ApplyCache(store);
        for (int i = 0; i < ApplyCache.ENTRIES_MAX + 100; i++) {
            cache.get(Family.DATA, b("key-" + i));
        }
        assertThat(cache.size()).isEqualTo(ApplyCache.ENTRIES_MAX);
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aLargeValueIsReadFromTheStoreAndReplacesACachedSmallOne() {
        MemoryState store = new MemoryState();
        ApplyCache cache = new ApplyCache(store);
        List<Write> small = List.of(Write.put(Family.DATA, b("k"), b("small")));
        store.commit(1, small);
        cache.committed(small);
        byte[] big = new byte[ApplyCache.VALUE_BYTES_MAX + 1];
        List<Write> large = List.of(Write.put(Family.DATA, b("k"), big));
        store.commit(2, large);
        cache.committed(large);
        assertThat(cache.size()).isZero();
        assertThat(cache.get(Family.DATA, b("k"))).isEqualTo(big);
        assertThat(cache.size()).isZero();
    }

    @Test
    void sessionsAndChunkReferencesAreNeverCached() {
        MemoryState store = new MemoryState();
        ApplyCache cache = new ApplyCache(store);
        cache.get(Family.SESSIONS, b("s"));
        store.commit(1, List.of(Write.put(Family.SESSIONS, b("s"), b("x"))));
        assertThat(cache.get(Family.SESSIONS, b("s"))).isEqualTo(b("x"));
        assertThat(cache.size()).isZero();
    }

    /** A state machine reading through the cache ends in the same state as one reading the store directly. */
    @Property(tries = 50)
    void applyingThroughTheCacheGivesTheSameStateAsWithout(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int commands) {
        MemoryState plain = new MemoryState();
        MemoryState cached = new MemoryState();
        ApplyCache cache = new ApplyCache(cached);
        DataStateMachine a = new DataStateMachine(plain, 600_000, 1000);
        DataStateMachine c = new DataStateMachine(cache, 600_000, 1000);
        Random r = new Random(seed);
        for (int i = 1; i <= commands; i++) {
            String key = "k" + r.nextInt(5);
            Command cmd = switch (r.nextInt(4)) {
                case 0 -> new Command.CounterIncrement("default", key, r.nextInt(10) - 3);
                case 1 -> new Command.ValueDelete("default", key, io.tally.store.command.Condition.NONE);
                case 2 -> new Command.CounterRead("default", key);
                default -> new Command.CounterIncrement("default", key, 1);
            };
            ApplyOutput oa = a.apply(i, i, cmd);
            plain.commit(i, oa.writes());
            ApplyOutput oc = c.apply(i, i, cmd);
            cached.commit(i, oc.writes());
            cache.committed(oc.writes());
            assertThat(oc.result()).isEqualTo(oa.result());
        }
        assertThat(cached.sameContent(plain)).isTrue();
    }
}
