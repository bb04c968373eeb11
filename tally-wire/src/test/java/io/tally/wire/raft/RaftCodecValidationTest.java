package io.tally.wire.raft;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.wire.proto.RaftMsg;
import org.junit.jupiter.api.Test;

/** Decoding rejects Raft messages the core must never see, with the reason. */
class RaftCodecValidationTest {

    @Test
    void aMessageWithoutKindIsRejectedWithTheReason() {
        RaftMsg empty = RaftMsg.newBuilder().setFrom("a").setTo("b").setTerm(1).build();
        assertThatThrownBy(() -> RaftCodec.decode(empty)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
    }

    @Test
    void anEntryWithIndexZeroIsRejected() {
        RaftMsg bad = RaftMsg.newBuilder().setFrom("a").setTo("b").setTerm(1)
                .setAppendEntries(io.tally.wire.proto.AppendEntriesMsg.newBuilder().addEntries(
                        io.tally.wire.proto.EntryMsg.newBuilder().setIndex(0).setTerm(1))).build();
        assertThatThrownBy(() -> RaftCodec.decode(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index");
    }

}
