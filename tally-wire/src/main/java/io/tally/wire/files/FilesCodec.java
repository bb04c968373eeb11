package io.tally.wire.files;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tally.wire.gossip.Decoded;
import io.tally.wire.proto.ChunkFetch;
import io.tally.wire.proto.ChunkFetchReply;
import io.tally.wire.proto.ChunkHave;
import io.tally.wire.proto.ChunkHaveReply;
import io.tally.wire.proto.ChunkPush;
import io.tally.wire.proto.ChunkPushAck;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.FilesMsg;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts {@link ChunkMessage}s to and from {@code Envelope.files} ({@code files.proto}). {@link #decode} never
 * throws: a message with a malformed chunk id, an over-long chunk or list, or no body is {@link Decoded.Bad} with
 * the reason. Stateless; any thread.
 */
public final class FilesCodec {
    /** Largest chunk carried in one message (bytes); frames are at most 4 MiB, so this leaves room for headers. */
    public static final int CHUNK_BYTES_MAX = 4 * 1024 * 1024 - 4096;
    /** Most chunk ids in one {@link ChunkMessage.Have} or {@link ChunkMessage.HaveReply}. */
    public static final int HAVE_IDS_MAX = 1024;
    /** Length of a SHA-256 digest in bytes. */
    public static final int SHA256_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private FilesCodec() {
    }

    /**
     * The envelope carrying {@code m}.
     *
     * @throws IllegalArgumentException when a chunk id is not 64 lowercase hex chars, data exceeds
     *     {@link #CHUNK_BYTES_MAX} or a list exceeds {@link #HAVE_IDS_MAX}
     */
    public static Envelope encode(ChunkMessage m) {
        FilesMsg.Builder b = FilesMsg.newBuilder();
        switch (m) {
            case ChunkMessage.Push p -> b.setPush(ChunkPush.newBuilder().setRequestId(p.requestId()).setSha256(digest(p.chunk()))
                .setData(ByteString.copyFrom(data(p.data()))));
            case ChunkMessage.PushAck a -> b.setPushAck(ChunkPushAck.newBuilder().setRequestId(a.requestId()).setSha256(digest(a.chunk()))
                .setStored(a.stored()).setMessage(a.message()));
            case ChunkMessage.Fetch f -> b.setFetch(ChunkFetch.newBuilder().setRequestId(f.requestId()).setSha256(digest(f.chunk())));
            case ChunkMessage.FetchReply r -> b.setFetchReply(ChunkFetchReply.newBuilder().setRequestId(r.requestId())
                .setSha256(digest(r.chunk())).setFound(r.found()).setData(ByteString.copyFrom(data(r.data()))));
            case ChunkMessage.Have h -> b.setHave(ChunkHave.newBuilder().setRequestId(h.requestId()).addAllSha256(digests(h.chunks())));
            case ChunkMessage.HaveReply h -> b.setHaveReply(ChunkHaveReply.newBuilder().setRequestId(h.requestId())
                .addAllPresent(digests(h.present())));
        }
        return Envelope.newBuilder().setFiles(b).build();
    }

    /** Decodes the files body of an envelope; never throws. */
    public static Decoded<ChunkMessage> decode(FilesMsg m) {
        try {
            return new Decoded.Ok<>(switch (m.getBodyCase()) {
                case PUSH -> new ChunkMessage.Push(m.getPush().getRequestId(), id(m.getPush().getSha256()), data(m.getPush().getData()));
                case PUSH_ACK -> new ChunkMessage.PushAck(m.getPushAck().getRequestId(), id(m.getPushAck().getSha256()),
                    m.getPushAck().getStored(), m.getPushAck().getMessage());
                case FETCH -> new ChunkMessage.Fetch(m.getFetch().getRequestId(), id(m.getFetch().getSha256()));
                case FETCH_REPLY -> new ChunkMessage.FetchReply(m.getFetchReply().getRequestId(), id(m.getFetchReply().getSha256()),
                    m.getFetchReply().getFound(), data(m.getFetchReply().getData()));
                case HAVE -> new ChunkMessage.Have(m.getHave().getRequestId(), ids(m.getHave().getSha256List()));
                case HAVE_REPLY -> new ChunkMessage.HaveReply(m.getHaveReply().getRequestId(), ids(m.getHaveReply().getPresentList()));
                case BODY_NOT_SET -> throw new IllegalArgumentException("expected a files message body, got none");
            });
        } catch (IllegalArgumentException e) {
            return new Decoded.Bad<>(e.getMessage());
        }
    }

    /** Decodes a serialized {@link FilesMsg}; never throws. */
    public static Decoded<ChunkMessage> decode(byte[] bytes) {
        try {
            return decode(FilesMsg.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            return new Decoded.Bad<>("expected a serialized FilesMsg: " + e.getMessage());
        }
    }

    /** True if {@code id} is 64 lowercase hex chars. */
    public static boolean isChunkId(String id) {
        if (id == null || id.length() != 2 * SHA256_BYTES) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static ByteString digest(String id) {
        if (!isChunkId(id)) {
            throw new IllegalArgumentException("expected a chunk id of 64 lowercase hex chars, got \"" + id + "\"");
        }
        return ByteString.copyFrom(HEX.parseHex(id));
    }

    private static List<ByteString> digests(List<String> ids) {
        if (ids.size() > HAVE_IDS_MAX) {
            throw new IllegalArgumentException("expected at most " + HAVE_IDS_MAX + " chunk ids, got " + ids.size());
        }
        List<ByteString> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(digest(id));
        }
        return out;
    }

    private static byte[] data(byte[] data) {
        if (data.length > CHUNK_BYTES_MAX) {
            throw new IllegalArgumentException("expected a chunk of at most " + CHUNK_BYTES_MAX + " bytes, got " + data.length);
        }
        return data;
    }

    private static byte[] data(ByteString data) {
        if (data.size() > CHUNK_BYTES_MAX) {
            throw new IllegalArgumentException("expected a chunk of at most " + CHUNK_BYTES_MAX + " bytes, got " + data.size());
        }
        return data.toByteArray();
    }

    private static String id(ByteString sha) {
        if (sha.size() != SHA256_BYTES) {
            throw new IllegalArgumentException("expected a " + SHA256_BYTES + "-byte SHA-256 chunk id, got " + sha.size() + " bytes");
        }
        return HEX.formatHex(sha.toByteArray());
    }

    private static List<String> ids(List<ByteString> shas) {
        if (shas.size() > HAVE_IDS_MAX) {
            throw new IllegalArgumentException("expected at most " + HAVE_IDS_MAX + " chunk ids, got " + shas.size());
        }
        List<String> out = new ArrayList<>(shas.size());
        for (ByteString s : shas) {
            out.add(id(s));
        }
        return out;
    }
}
