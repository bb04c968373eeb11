package io.tally.raft.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.raft.Entry;
import io.tally.raft.EntryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Exactly-once rules of the session table (dissertation §6.3). */
class SessionTableTest {
    private final List<String> appliedCommands = new ArrayList<>();
    private final Function<byte[], byte[]> sm = data -> {
        String cmd = new String(data, StandardCharsets.UTF_8);
        appliedCommands.add(cmd);
        return ("r" + appliedCommands.size()).getBytes(StandardCharsets.UTF_8);
    };

    private static Entry cmd(long index, long client, long seq, long timeMs, String data) {
        return new Entry(index, 1, EntryType.NORMAL, client, seq, timeMs, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(SessionTable.Outcome o) {
        return switch (o) {
            case SessionTable.Outcome.Applied a -> "applied:" + new String(a.response(), StandardCharsets.UTF_8);
            case SessionTable.Outcome.Duplicate d -> "duplicate:" + new String(d.response(), StandardCharsets.UTF_8);
            case SessionTable.Outcome.Stale s -> "stale";
            case SessionTable.Outcome.Expired e -> "expired";
        };
    }

    @Test
    void retriedCommandIsAppliedOnceAndAnsweredWithTheFirstResult() {
        SessionTable t = new SessionTable(1000, 10);
        assertThat(text(t.apply(cmd(1, 7, 1, 0, "inc"), sm))).isEqualTo("applied:r1");
        assertThat(text(t.apply(cmd(2, 7, 1, 5, "inc"), sm))).isEqualTo("duplicate:r1");
        assertThat(appliedCommands).containsExactly("inc");
        assertThat(text(t.apply(cmd(3, 7, 2, 6, "inc"), sm))).isEqualTo("applied:r2");
    }

    @Test
    void olderSequenceIsStaleAndNotApplied() {
        SessionTable t = new SessionTable(1000, 10);
        t.apply(cmd(1, 7, 1, 0, "a"), sm);
        t.apply(cmd(2, 7, 2, 0, "b"), sm);
        assertThat(text(t.apply(cmd(3, 7, 1, 0, "a"), sm))).isEqualTo("stale");
        assertThat(appliedCommands).containsExactly("a", "b");
    }

    @Test
    void sessionsExpireByLogTimeNotWallClock() {
        SessionTable t = new SessionTable(100, 10);
        t.apply(cmd(1, 7, 1, 1000, "a"), sm);
        t.apply(cmd(2, 8, 1, 1100, "b"), sm); // 100 ms of log time later: 7 still alive
        assertThat(t.hasSession(7)).isTrue();
        t.apply(cmd(3, 8, 2, 1101, "c"), sm);
        assertThat(t.hasSession(7)).isFalse();
        assertThat(text(t.apply(cmd(4, 7, 2, 1102, "d"), sm))).isEqualTo("expired");
        assertThat(appliedCommands).containsExactly("a", "b", "c");
    }

    @Test
    void tableIsBoundedEvictingTheLeastRecentlyActive() {
        SessionTable t = new SessionTable(1_000_000, 2);
        t.apply(cmd(1, 1, 1, 10, "a"), sm);
        t.apply(cmd(2, 2, 1, 20, "b"), sm);
        t.apply(cmd(3, 3, 1, 30, "c"), sm);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.hasSession(1)).isFalse();
    }

    @Test
    void encodeDecodeRoundTripsForSnapshots() {
        SessionTable t = new SessionTable(1000, 10);
        t.apply(cmd(1, 7, 1, 0, "a"), sm);
        t.apply(cmd(2, 9, 1, 0, "b"), sm);
        SessionTable copy = SessionTable.decode(t.encode(), 1000, 10);
        assertThat(copy.encode()).isEqualTo(t.encode());
        assertThat(text(copy.apply(cmd(3, 9, 1, 1, "b"), sm))).isEqualTo("duplicate:r2");
    }

    @Test
    void malformedBytesAreRejectedWithAClearMessage() {
        assertThatThrownBy(() -> SessionTable.decode(new byte[] {0, 0, 0, 5, 1}, 1000, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SessionTable.decode(new byte[] {0, 0, 0, 99}, 1000, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("session count");
    }
}
