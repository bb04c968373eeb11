package io.tally.wire.gossip;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tally.gossip.MemberState;
import io.tally.gossip.Message;
import io.tally.gossip.NodeMeta;
import io.tally.wire.proto.SwimAck;
import io.tally.wire.proto.SwimAlive;
import io.tally.wire.proto.SwimDatagram;
import io.tally.wire.proto.SwimDead;
import io.tally.wire.proto.SwimMemberEntry;
import io.tally.wire.proto.SwimMemberState;
import io.tally.wire.proto.SwimMessage;
import io.tally.wire.proto.SwimMeta;
import io.tally.wire.proto.SwimNack;
import io.tally.wire.proto.SwimPing;
import io.tally.wire.proto.SwimPingReq;
import io.tally.wire.proto.SwimPushPull;
import io.tally.wire.proto.SwimSuspect;
import io.tally.wire.proto.SwimUserBroadcast;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes SWIM messages ({@link Message}) in the Protobuf format of {@code gossip.proto}.
 *
 * <p>A datagram is {@link #HEADER_BYTES} bytes ({@code 'T' 'G'} and {@link #VERSION}) followed by a
 * serialized {@code SwimDatagram}. {@link #packDatagrams} never builds one above the size asked for:
 * messages that do not fit go into the next datagram, and a message too large even alone is handed
 * back. {@link #decodeDatagram} never throws: input that is not a valid datagram (bad header,
 * malformed Protobuf, missing or out-of-range fields, more than {@link #DATAGRAM_MESSAGES_MAX}
 * messages) comes back as {@link Decoded.Bad} with the reason. The {@link Message.PushPull} travels
 * over TCP as {@code Envelope.gossip_push_pull} ({@link #toProto(Message.PushPull)},
 * {@link #fromProto(SwimPushPull)}). Stateless; any thread.
 */
public final class GossipCodec {
    /** First two bytes of every gossip datagram. */
    public static final byte MAGIC_0 = 'T';
    public static final byte MAGIC_1 = 'G';
    /** Datagram format version (third byte). */
    public static final byte VERSION = 1;
    /** Bytes before the Protobuf body. */
    public static final int HEADER_BYTES = 3;
    /** Most messages one datagram may hold. */
    public static final int DATAGRAM_MESSAGES_MAX = 512;
    /** Most member entries one push-pull may hold. */
    public static final int PUSH_PULL_ENTRIES_MAX = 4_096;
    /** Longest id, address, endpoint or version string accepted, in UTF-8 bytes. */
    public static final int STRING_BYTES_MAX = 255;
    /** Smallest datagram size {@link #packDatagrams} accepts. */
    public static final int DATAGRAM_BYTES_MIN = 64;

    private GossipCodec() {}

    // ------------------------------------------------------------------ datagrams

    /**
     * Packs {@code messages} in order into as few datagrams as fit in {@code datagramBytesMax} each
     * (greedy, order kept).
     *
     * @throws IllegalArgumentException if a message is a {@link Message.PushPull} (it goes over TCP)
     *     or {@code datagramBytesMax < DATAGRAM_BYTES_MIN}
     */
    public static Packed packDatagrams(List<Message> messages, int datagramBytesMax) {
        if (datagramBytesMax < DATAGRAM_BYTES_MIN) {
            throw new IllegalArgumentException("datagramBytesMax must be >= " + DATAGRAM_BYTES_MIN + ", got "
                    + datagramBytesMax);
        }
        int bodyMax = datagramBytesMax - HEADER_BYTES;
        List<byte[]> out = new ArrayList<>();
        List<Message> tooLarge = new ArrayList<>();
        SwimDatagram.Builder current = SwimDatagram.newBuilder();
        int currentBytes = 0;
        for (Message m : messages) {
            SwimMessage pm = toProto(m);
            int cost = CodedOutputStream.computeMessageSize(SwimDatagram.MESSAGES_FIELD_NUMBER, pm);
            if (cost > bodyMax) {
                tooLarge.add(m);
                continue;
            }
            if (currentBytes + cost > bodyMax || current.getMessagesCount() == DATAGRAM_MESSAGES_MAX) {
                out.add(frame(current.build()));
                current = SwimDatagram.newBuilder();
                currentBytes = 0;
            }
            current.addMessages(pm);
            currentBytes += cost;
        }
        if (current.getMessagesCount() > 0) {
            out.add(frame(current.build()));
        }
        return new Packed(out, tooLarge);
    }

    /**
     * Encodes {@code messages} as exactly one datagram.
     *
     * @throws IllegalArgumentException if the datagram would exceed {@code datagramBytesMax}, holds no
     *     message, more than {@link #DATAGRAM_MESSAGES_MAX}, or a {@link Message.PushPull}
     */
    public static byte[] encodeDatagram(List<Message> messages, int datagramBytesMax) {
        if (messages.isEmpty() || messages.size() > DATAGRAM_MESSAGES_MAX) {
            throw new IllegalArgumentException("a datagram holds 1 to " + DATAGRAM_MESSAGES_MAX + " messages, got "
                    + messages.size());
        }
        SwimDatagram.Builder b = SwimDatagram.newBuilder();
        for (Message m : messages) {
            b.addMessages(toProto(m));
        }
        byte[] bytes = frame(b.build());
        if (bytes.length > datagramBytesMax) {
            throw new IllegalArgumentException("datagram of " + bytes.length + " bytes exceeds datagramBytesMax "
                    + datagramBytesMax + "; split it with packDatagrams");
        }
        return bytes;
    }

    private static byte[] frame(SwimDatagram d) {
        byte[] body = d.toByteArray();
        byte[] out = new byte[HEADER_BYTES + body.length];
        out[0] = MAGIC_0;
        out[1] = MAGIC_1;
        out[2] = VERSION;
        System.arraycopy(body, 0, out, HEADER_BYTES, body.length);
        return out;
    }

    /** Decodes one datagram; never throws. */
    public static Decoded<List<Message>> decodeDatagram(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            return new Decoded.Bad<>("expected a gossip datagram of at least " + HEADER_BYTES + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            return new Decoded.Bad<>("expected the gossip datagram magic 'TG'");
        }
        if (bytes[2] != VERSION) {
            return new Decoded.Bad<>("expected gossip datagram version " + VERSION + ", got " + bytes[2]);
        }
        SwimDatagram d;
        try {
            d = SwimDatagram.parser().parseFrom(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Decoded.Bad<>("malformed gossip datagram body: " + e.getMessage());
        }
        if (d.getMessagesCount() == 0 || d.getMessagesCount() > DATAGRAM_MESSAGES_MAX) {
            return new Decoded.Bad<>("expected 1 to " + DATAGRAM_MESSAGES_MAX + " messages in a datagram, got "
                    + d.getMessagesCount());
        }
        List<Message> out = new ArrayList<>(d.getMessagesCount());
        try {
            for (SwimMessage m : d.getMessagesList()) {
                out.add(fromProto(m));
            }
        } catch (RuntimeException e) {
            return new Decoded.Bad<>("invalid gossip message: " + e.getMessage());
        }
        return new Decoded.Ok<>(List.copyOf(out));
    }

    // ------------------------------------------------------------------ messages

    /**
     * The Protobuf form of a datagram message.
     *
     * @throws IllegalArgumentException for a {@link Message.PushPull} (it goes over TCP)
     */
    public static SwimMessage toProto(Message m) {
        SwimMessage.Builder b = SwimMessage.newBuilder();
        switch (m) {
            case Message.Ping p -> b.setPing(SwimPing.newBuilder().setSeq(p.seq()).setTargetId(p.targetId())
                    .setFromId(p.fromId()));
            case Message.PingReq r -> b.setPingReq(SwimPingReq.newBuilder().setSeq(r.seq()).setTargetId(r.targetId())
                    .setTargetAddress(r.targetAddress()).setFromId(r.fromId()).setWantNack(r.wantNack()));
            case Message.Ack a -> b.setAck(SwimAck.newBuilder().setSeq(a.seq()).setFromId(a.fromId()));
            case Message.Nack n -> b.setNack(SwimNack.newBuilder().setSeq(n.seq()).setFromId(n.fromId()));
            case Message.Alive a -> b.setAlive(SwimAlive.newBuilder().setId(a.id()).setIncarnation(a.incarnation())
                    .setAddress(a.address()).setMeta(toProto(a.meta())));
            case Message.Suspect s -> b.setSuspect(SwimSuspect.newBuilder().setId(s.id())
                    .setIncarnation(s.incarnation()).setFromId(s.fromId()));
            case Message.Dead d -> b.setDead(SwimDead.newBuilder().setId(d.id()).setIncarnation(d.incarnation())
                    .setFromId(d.fromId()));
            case Message.UserBroadcast u -> b.setUserBroadcast(SwimUserBroadcast.newBuilder()
                    .setOriginId(u.originId()).setSeq(u.seq()).setPayload(ByteString.copyFrom(u.payload())));
            case Message.PushPull pp -> throw new IllegalArgumentException(
                    "a push-pull travels over TCP (Envelope.gossip_push_pull), not in a datagram");
        }
        return b.build();
    }

    /**
     * The message a Protobuf {@code SwimMessage} holds.
     *
     * @throws IllegalArgumentException naming the field when a field is missing, empty or out of range
     */
    public static Message fromProto(SwimMessage m) {
        return switch (m.getBodyCase()) {
            case PING -> {
                SwimPing p = m.getPing();
                yield new Message.Ping(seq(p.getSeq()), id("ping.target_id", p.getTargetId()),
                        id("ping.from_id", p.getFromId()));
            }
            case PING_REQ -> {
                SwimPingReq r = m.getPingReq();
                yield new Message.PingReq(seq(r.getSeq()), id("ping_req.target_id", r.getTargetId()),
                        id("ping_req.target_address", r.getTargetAddress()), id("ping_req.from_id", r.getFromId()),
                        r.getWantNack());
            }
            case ACK -> new Message.Ack(seq(m.getAck().getSeq()), id("ack.from_id", m.getAck().getFromId()));
            case NACK -> new Message.Nack(seq(m.getNack().getSeq()), id("nack.from_id", m.getNack().getFromId()));
            case ALIVE -> {
                SwimAlive a = m.getAlive();
                yield new Message.Alive(id("alive.id", a.getId()), seq(a.getIncarnation()),
                        id("alive.address", a.getAddress()), fromProto(a.getMeta()));
            }
            case SUSPECT -> {
                SwimSuspect s = m.getSuspect();
                yield new Message.Suspect(id("suspect.id", s.getId()), seq(s.getIncarnation()),
                        id("suspect.from_id", s.getFromId()));
            }
            case DEAD -> {
                SwimDead d = m.getDead();
                yield new Message.Dead(id("dead.id", d.getId()), seq(d.getIncarnation()), id("dead.from_id", d.getFromId()));
            }
            case USER_BROADCAST -> {
                SwimUserBroadcast u = m.getUserBroadcast();
                yield new Message.UserBroadcast(id("user_broadcast.origin_id", u.getOriginId()), seq(u.getSeq()),
                        u.getPayload().toByteArray());
            }
            case BODY_NOT_SET -> throw new IllegalArgumentException("expected a gossip message body, got none");
        };
    }

    // ------------------------------------------------------------------ push-pull

    /** The Protobuf form of a push-pull (for {@code Envelope.gossip_push_pull}). */
    public static SwimPushPull toProto(Message.PushPull pp) {
        SwimPushPull.Builder b = SwimPushPull.newBuilder().setFromId(pp.fromId()).setJoin(pp.join()).setReply(pp.reply());
        for (Message.PushPull.Entry e : pp.entries()) {
            b.addEntries(SwimMemberEntry.newBuilder().setId(e.id()).setAddress(e.address()).setMeta(toProto(e.meta()))
                    .setIncarnation(e.incarnation()).setState(toProto(e.state())));
        }
        return b.build();
    }

    /** Decodes a received push-pull; never throws. */
    public static Decoded<Message.PushPull> fromProto(SwimPushPull p) {
        if (p.getEntriesCount() > PUSH_PULL_ENTRIES_MAX) {
            return new Decoded.Bad<>("expected at most " + PUSH_PULL_ENTRIES_MAX + " members in a push-pull, got "
                    + p.getEntriesCount());
        }
        try {
            List<Message.PushPull.Entry> entries = new ArrayList<>(p.getEntriesCount());
            for (SwimMemberEntry e : p.getEntriesList()) {
                entries.add(new Message.PushPull.Entry(id("entry.id", e.getId()), id("entry.address", e.getAddress()),
                        fromProto(e.getMeta()), seq(e.getIncarnation()), fromProto(e.getState())));
            }
            return new Decoded.Ok<>(new Message.PushPull(id("push_pull.from_id", p.getFromId()), p.getJoin(),
                    p.getReply(), entries));
        } catch (RuntimeException e) {
            return new Decoded.Bad<>("invalid push-pull: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ parts

    static SwimMeta toProto(NodeMeta m) {
        return SwimMeta.newBuilder().setHttpAddress(m.httpAddress()).setRespAddress(m.respAddress())
                .setVoter(m.voter()).setVersion(m.version()).build();
    }

    static NodeMeta fromProto(SwimMeta m) {
        return new NodeMeta(text("meta.http_address", m.getHttpAddress()), text("meta.resp_address", m.getRespAddress()),
                m.getVoter(), text("meta.version", m.getVersion()));
    }

    static SwimMemberState toProto(MemberState s) {
        return switch (s) {
            case ALIVE -> SwimMemberState.SWIM_MEMBER_STATE_ALIVE;
            case SUSPECT -> SwimMemberState.SWIM_MEMBER_STATE_SUSPECT;
            case DEAD -> SwimMemberState.SWIM_MEMBER_STATE_DEAD;
            case LEFT -> SwimMemberState.SWIM_MEMBER_STATE_LEFT;
        };
    }

    static MemberState fromProto(SwimMemberState s) {
        return switch (s) {
            case SWIM_MEMBER_STATE_ALIVE -> MemberState.ALIVE;
            case SWIM_MEMBER_STATE_SUSPECT -> MemberState.SUSPECT;
            case SWIM_MEMBER_STATE_DEAD -> MemberState.DEAD;
            case SWIM_MEMBER_STATE_LEFT -> MemberState.LEFT;
            case SWIM_MEMBER_STATE_UNSPECIFIED, UNRECOGNIZED ->
                throw new IllegalArgumentException("expected a member state (alive, suspect, dead, left), got " + s);
        };
    }

    /** An unsigned 64-bit wire value that must fit a non-negative long. */
    private static long seq(long wire) {
        if (wire < 0) {
            throw new IllegalArgumentException("expected a sequence number or incarnation below 2^63, got "
                    + Long.toUnsignedString(wire));
        }
        return wire;
    }

    /** A required, non-empty, bounded string. */
    private static String id(String field, String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return text(field, s);
    }

    /** An optional (possibly empty), bounded string. */
    private static String text(String field, String s) {
        if (s.length() > STRING_BYTES_MAX) {
            throw new IllegalArgumentException(field + " must be at most " + STRING_BYTES_MAX + " bytes, got "
                    + s.length() + " characters");
        }
        return s;
    }
}
