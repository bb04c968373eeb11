package io.tally.wire;

import com.google.protobuf.ByteString;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Member;
import io.tally.wire.proto.MemberList;
import io.tally.wire.proto.Ping;
import io.tally.wire.proto.Pong;
import java.util.List;

/** Factory helpers for common envelopes. Stateless; any thread. */
public final class Envelopes {
  private Envelopes() {}

  /** A ping with the given id, sender timestamp (nanoseconds, sender's clock) and payload. */
  public static Envelope ping(long id, long sentNanos, ByteString payload) {
    return Envelope.newBuilder()
        .setPing(Ping.newBuilder().setId(id).setSentNanos(sentNanos).setPayload(payload))
        .build();
  }

  /** The pong answering {@code ping}: same id, timestamp and payload. */
  public static Envelope pongFor(Ping ping) {
    return Envelope.newBuilder()
        .setPong(
            Pong.newBuilder()
                .setId(ping.getId())
                .setSentNanos(ping.getSentNanos())
                .setPayload(ping.getPayload()))
        .build();
  }

  /** A member list envelope. */
  public static Envelope memberList(List<Member> members) {
    return Envelope.newBuilder()
        .setMemberList(MemberList.newBuilder().addAllMembers(members))
        .build();
  }
}
