package io.tally.gossip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageValidationTest {

    @Test
    void negativeIncarnationsAndSequenceNumbersAreRejectedWithTheFieldName() {
        assertThatThrownBy(() -> new Message.Alive("a", -1, "a", NodeMeta.EMPTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incarnation must be >= 0");
        assertThatThrownBy(() -> new Message.Ping(-5, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq must be >= 0");
        assertThatThrownBy(() -> new Message.PushPull.Entry("a", "a", NodeMeta.EMPTY, -1, MemberState.ALIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incarnation");
    }

    @Test
    void sizeEstimatesFollowTheProtobufWireFormat() {
        assertThat(Sizes.varint(0)).isEqualTo(1);
        assertThat(Sizes.varint(127)).isEqualTo(1);
        assertThat(Sizes.varint(128)).isEqualTo(2);
        assertThat(Sizes.varint(-1)).isEqualTo(10);
        assertThat(Sizes.string("é")).isEqualTo(1 + 1 + 2);
        Message.Ack ack = new Message.Ack(300, "n1");
        // kind tag 1 + seq field (1 + 2) + id field (1 + 1 + 2)
        assertThat(ack.sizeBytes()).isEqualTo(1 + 3 + 4);
        Message.PushPull pp = new Message.PushPull("n1", false, false, List.of(
                new Message.PushPull.Entry("n2", "n2", NodeMeta.EMPTY, 0, MemberState.ALIVE)));
        assertThat(pp.sizeBytes()).isGreaterThan(new Message.PushPull("n1", false, false, List.of()).sizeBytes());
    }
}
