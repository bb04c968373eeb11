package io.tally.gossip;

import java.util.List;
import java.util.Objects;

/**
 * Every message SWIM nodes exchange. A datagram carries one or more of them (a probe message first,
 * then piggybacked updates); a stream (TCP) send carries one {@link PushPull}. Handled with
 * pattern-matching switches without {@code default}, so a new message breaks the build until every
 * handler knows it. Each record reports its estimated encoded size ({@link #sizeBytes()}), which
 * the core uses to fill datagrams up to {@link SwimConfig#datagramBytesMax()}.
 */
public sealed interface Message {

    /** Estimated encoded size in bytes (Protobuf-like: tag, varints, length-prefixed strings). */
    int sizeBytes();

    /** Direct probe of {@code targetId}; answered by an {@link Ack} with the same sequence number. */
    record Ping(long seq, String targetId, String fromId) implements Message {
        public Ping {
            Sizes.requireNonNegative("seq", seq);
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(fromId, "fromId");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.longField(seq) + Sizes.string(targetId) + Sizes.string(fromId);
        }
    }

    /**
     * Asks the receiver to probe {@code targetId} on the sender's behalf and forward the ack; with
     * {@code wantNack} (Lifeguard) the receiver also reports a {@link Nack} if the target stays
     * silent, so the sender can tell its own slowness from the target's failure.
     */
    record PingReq(long seq, String targetId, String targetAddress, String fromId, boolean wantNack)
            implements Message {
        public PingReq {
            Sizes.requireNonNegative("seq", seq);
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(targetAddress, "targetAddress");
            Objects.requireNonNull(fromId, "fromId");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.longField(seq) + Sizes.string(targetId) + Sizes.string(targetAddress)
                    + Sizes.string(fromId) + 2;
        }
    }

    /** Answer to a {@link Ping} (or a relayed one); {@code fromId} is the member that answered. */
    record Ack(long seq, String fromId) implements Message {
        public Ack {
            Sizes.requireNonNegative("seq", seq);
            Objects.requireNonNull(fromId, "fromId");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.longField(seq) + Sizes.string(fromId);
        }
    }

    /** Lifeguard: the relay of a {@link PingReq} got no ack from the target in time. */
    record Nack(long seq, String fromId) implements Message {
        public Nack {
            Sizes.requireNonNegative("seq", seq);
            Objects.requireNonNull(fromId, "fromId");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.longField(seq) + Sizes.string(fromId);
        }
    }

    /** Member {@code id} is alive at {@code incarnation}, reachable at {@code address}. */
    record Alive(String id, long incarnation, String address, NodeMeta meta) implements Message {
        public Alive {
            Sizes.requireNonNegative("incarnation", incarnation);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(meta, "meta");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.string(id) + Sizes.longField(incarnation) + Sizes.string(address)
                    + 2 + meta.sizeBytes();
        }
    }

    /** {@code fromId} suspects member {@code id} at {@code incarnation}. */
    record Suspect(String id, long incarnation, String fromId) implements Message {
        public Suspect {
            Sizes.requireNonNegative("incarnation", incarnation);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(fromId, "fromId");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.string(id) + Sizes.longField(incarnation) + Sizes.string(fromId);
        }
    }

    /** {@code fromId} declares member {@code id} dead; {@code fromId == id} means a graceful leave. */
    record Dead(String id, long incarnation, String fromId) implements Message {
        public Dead {
            Sizes.requireNonNegative("incarnation", incarnation);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(fromId, "fromId");
        }

        /** Whether this is the member's own graceful leave. */
        public boolean isLeave() {
            return id.equals(fromId);
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.string(id) + Sizes.longField(incarnation) + Sizes.string(fromId);
        }
    }

    /**
     * An application broadcast, identified by its origin and the origin's sequence number and
     * disseminated epidemically. The payload array must not be modified after construction.
     */
    record UserBroadcast(String originId, long seq, byte[] payload) implements Message {
        public UserBroadcast {
            Sizes.requireNonNegative("seq", seq);
            Objects.requireNonNull(originId, "originId");
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public int sizeBytes() {
            return 1 + Sizes.string(originId) + Sizes.longField(seq) + Sizes.bytes(payload.length);
        }
    }

    /**
     * Full membership state exchanged over a stream (TCP) connection: periodically with one random
     * member (anti-entropy so partitions heal) and on join. The receiver of a request
     * ({@code reply == false}) answers with its own state ({@code reply == true}).
     */
    record PushPull(String fromId, boolean join, boolean reply, List<Entry> entries) implements Message {
        public PushPull {
            Objects.requireNonNull(fromId, "fromId");
            entries = List.copyOf(entries);
        }

        @Override
        public int sizeBytes() {
            int n = 1 + Sizes.string(fromId) + 4;
            for (Entry e : entries) {
                n += Sizes.framed(e.sizeBytes());
            }
            return n;
        }

        /** One member's state inside a push-pull. */
        public record Entry(String id, String address, NodeMeta meta, long incarnation, MemberState state) {
            public Entry {
                Sizes.requireNonNegative("incarnation", incarnation);
                Objects.requireNonNull(id, "id");
                Objects.requireNonNull(address, "address");
                Objects.requireNonNull(meta, "meta");
                Objects.requireNonNull(state, "state");
            }

            int sizeBytes() {
                return Sizes.string(id) + Sizes.string(address) + 2 + meta.sizeBytes()
                        + Sizes.longField(incarnation) + 2;
            }
        }
    }
}
