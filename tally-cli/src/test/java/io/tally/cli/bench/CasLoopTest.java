package io.tally.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CasLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The (expected revision, new value) an attempt's txn carries. */
    private static long[] compareAndPut(byte[] txn) throws Exception {
        JsonNode n = JSON.readTree(txn);
        long rev = n.path("compare").get(0).path("mod_revision").asLong();
        String v = new String(Base64.getDecoder().decode(n.path("success").get(0).path("request_put").path("value").asText()),
            StandardCharsets.UTF_8);
        return new long[] {rev, Long.parseLong(v)};
    }

    @Test
    void anUncontendedIncrementIsOneTxnFromWhatTheSlotKnew() throws Exception {
        CasLoop loop = new CasLoop("k", 7, 41);
        assertThat(compareAndPut(loop.request())).containsExactly(7, 42);
        assertThat(loop.onAnswer(new EtcdJson.TxnResult.Swapped(9))).isTrue();
        assertThat(loop.attempts()).isEqualTo(1);
        assertThat(loop.modRevision()).isEqualTo(9);
        assertThat(loop.value()).isEqualTo(42);
    }

    @Test
    void aFirstIncrementOfAnAbsentKeyComparesRevisionZero() throws Exception {
        assertThat(compareAndPut(new CasLoop("k", 0, 0).request())).containsExactly(0, 1);
    }

    @Property
    void everyRetryUsesWhatTheLastConflictReturned(
            @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 1, max = 1_000_000) Long> seenRevisions,
            @ForAll @LongRange(min = 0, max = 1_000_000) long seenValue) throws Exception {
        CasLoop loop = new CasLoop("hot", 0, 0);
        for (long rev : seenRevisions) {
            assertThat(loop.onAnswer(new EtcdJson.TxnResult.Conflict(rev, seenValue + rev))).isFalse();
            assertThat(compareAndPut(loop.request())).containsExactly(rev, seenValue + rev + 1);
        }
        assertThat(loop.onAnswer(new EtcdJson.TxnResult.Swapped(2_000_000))).isTrue();
        assertThat(loop.attempts()).isEqualTo(seenRevisions.size() + 1);
    }

    @Test
    void aDoneLoopSendsNothingMore() {
        CasLoop loop = new CasLoop("k", 0, 0);
        loop.onAnswer(new EtcdJson.TxnResult.Swapped(2));
        assertThatThrownBy(loop::request).isInstanceOf(IllegalStateException.class).hasMessageContaining("already done");
    }

    @Test
    void aCounterAtItsMaximumCannotBeIncremented() {
        assertThatThrownBy(() -> new CasLoop("k", 3, Long.MAX_VALUE).request()).isInstanceOf(ArithmeticException.class);
    }
}
