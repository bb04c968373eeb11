package io.tally.wire.gossip;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tally.wire.proto.DiscoveryAnswer;
import io.tally.wire.proto.DiscoveryPacket;
import io.tally.wire.proto.DiscoveryRequest;

/**
 * Encodes and decodes the cold-start discovery packets of {@code gossip.proto}: {@link #HEADER_BYTES}
 * bytes ({@code 'T' 'D'} and {@link #VERSION}) then a serialized {@code DiscoveryPacket}. Decoding never
 * throws: anything but a well-formed request or answer with its required fields is {@link Decoded.Bad}.
 * Stateless; any thread.
 */
public final class DiscoveryCodec {
    public static final byte MAGIC_0 = 'T';
    public static final byte MAGIC_1 = 'D';
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 3;
    /** Largest discovery packet accepted or sent. */
    public static final int PACKET_BYTES_MAX = 1024;

    private DiscoveryCodec() {}

    /** A request from {@code nodeId} of cluster {@code clusterName}. */
    public static byte[] request(String clusterName, String nodeId, long nonce) {
        return frame(DiscoveryPacket.newBuilder().setRequest(DiscoveryRequest.newBuilder()
            .setClusterName(clusterName).setNodeId(nodeId).setNonce(nonce)).build());
    }

    /** An answer naming the answering node and its peer address. */
    public static byte[] answer(String clusterName, String nodeId, long nonce, String peerAddress) {
        return frame(DiscoveryPacket.newBuilder().setAnswer(DiscoveryAnswer.newBuilder()
            .setClusterName(clusterName).setNodeId(nodeId).setNonce(nonce).setPeerAddress(peerAddress)).build());
    }

    private static byte[] frame(DiscoveryPacket p) {
        byte[] body = p.toByteArray();
        if (HEADER_BYTES + body.length > PACKET_BYTES_MAX) {
            throw new IllegalArgumentException("discovery packet of " + (HEADER_BYTES + body.length)
                + " bytes exceeds " + PACKET_BYTES_MAX + " (names too long)");
        }
        byte[] out = new byte[HEADER_BYTES + body.length];
        out[0] = MAGIC_0;
        out[1] = MAGIC_1;
        out[2] = VERSION;
        System.arraycopy(body, 0, out, HEADER_BYTES, body.length);
        return out;
    }

    /** Decodes a received packet; never throws. */
    public static Decoded<DiscoveryPacket> decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes.length > PACKET_BYTES_MAX) {
            return new Decoded.Bad<>("expected a discovery packet of " + HEADER_BYTES + " to " + PACKET_BYTES_MAX
                + " bytes");
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1 || bytes[2] != VERSION) {
            return new Decoded.Bad<>("expected the discovery header 'TD' version " + VERSION);
        }
        DiscoveryPacket p;
        try {
            p = DiscoveryPacket.parser().parseFrom(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return new Decoded.Bad<>("malformed discovery packet: " + e.getMessage());
        }
        return switch (p.getBodyCase()) {
            case REQUEST -> p.getRequest().getClusterName().isEmpty() || p.getRequest().getNodeId().isEmpty()
                ? new Decoded.Bad<>("expected a cluster name and node id in a discovery request")
                : new Decoded.Ok<>(p);
            case ANSWER -> p.getAnswer().getClusterName().isEmpty() || p.getAnswer().getNodeId().isEmpty()
                    || p.getAnswer().getPeerAddress().isEmpty()
                ? new Decoded.Bad<>("expected a cluster name, node id and peer address in a discovery answer")
                : new Decoded.Ok<>(p);
            case BODY_NOT_SET -> new Decoded.Bad<>("expected a discovery request or answer, got neither");
        };
    }
}
