package io.tally.wire.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.tally.wire.gossip.Decoded;
import io.tally.wire.proto.ChunkPush;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.FilesMsg;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Chunk messages survive a round trip through bytes; garbage and bad fields decode to Bad, never an exception. */
class FilesCodecTest {

    private static Arbitrary<String> ids() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> HexFormat.of().formatHex(b));
    }

    @Provide
    Arbitrary<ChunkMessage> messages() {
        Arbitrary<Long> rid = Arbitraries.longs();
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<List<String>> idList = ids().list().ofMaxSize(20);
        return Arbitraries.oneOf(
            Combinators.combine(rid, ids(), data).as(ChunkMessage.Push::new),
            Combinators.combine(rid, ids(), Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(40)).as(ChunkMessage.PushAck::new),
            Combinators.combine(rid, ids()).as(ChunkMessage.Fetch::new),
            Combinators.combine(rid, ids(), Arbitraries.of(true, false), data).as(ChunkMessage.FetchReply::new),
            Combinators.combine(rid, idList).as(ChunkMessage.Have::new),
            Combinators.combine(rid, idList).as(ChunkMessage.HaveReply::new));
    }

    @Property(tries = 300)
    void everyMessageSurvivesARoundTripThroughBytes(@ForAll("messages") ChunkMessage m) throws Exception {
        Envelope e = Envelope.parseFrom(FilesCodec.encode(m).toByteArray());
        Decoded<ChunkMessage> d = FilesCodec.decode(e.getFiles());
        assertThat(d).isInstanceOf(Decoded.Ok.class);
        ChunkMessage back = ((Decoded.Ok<ChunkMessage>) d).value();
        assertThat(back).usingRecursiveComparison().isEqualTo(m);
    }

    @Property(tries = 500)
    void garbageBytesNeverThrow(@ForAll byte[] garbage) {
        assertThat(FilesCodec.decode(garbage)).isNotNull();
    }

    @Test
    void encodedMessagesCutAtEveryByteNeverThrow() {
        Random r = new Random(7);
        byte[] data = new byte[100];
        r.nextBytes(data);
        byte[] full = FilesCodec.encode(new ChunkMessage.Push(9, "ab".repeat(32), data)).getFiles().toByteArray();
        for (int cut = 0; cut <= full.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            Decoded<ChunkMessage> d = FilesCodec.decode(part);
            assertThat(d).isNotNull();
            if (cut == 0) {
                assertThat(d).isInstanceOf(Decoded.Bad.class);
            }
        }
        assertThat(FilesCodec.decode(full)).isInstanceOf(Decoded.Ok.class);
    }

    @Test
    void aDigestOfTheWrongLengthIsBadWithTheReason() {
        FilesMsg m = FilesMsg.newBuilder().setPush(ChunkPush.newBuilder().setRequestId(1)
            .setSha256(ByteString.copyFrom(new byte[31])).setData(ByteString.copyFrom(new byte[3]))).build();
        Decoded<ChunkMessage> d = FilesCodec.decode(m);
        assertThat(d).isInstanceOf(Decoded.Bad.class);
        assertThat(((Decoded.Bad<ChunkMessage>) d).reason()).contains("32-byte SHA-256").contains("31 bytes");
    }

    @Test
    void anOverLongChunkOrIdListIsBad() {
        FilesMsg big = FilesMsg.newBuilder().setPush(ChunkPush.newBuilder().setSha256(ByteString.copyFrom(new byte[32]))
            .setData(ByteString.copyFrom(new byte[FilesCodec.CHUNK_BYTES_MAX + 1]))).build();
        assertThat(FilesCodec.decode(big)).isInstanceOf(Decoded.Bad.class);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= FilesCodec.HAVE_IDS_MAX; i++) {
            ids.add("00".repeat(32));
        }
        assertThatThrownBy(() -> FilesCodec.encode(new ChunkMessage.Have(1, ids))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at most 1024");
        assertThat(FilesCodec.decode(FilesMsg.getDefaultInstance())).isInstanceOf(Decoded.Bad.class);
    }

    @Test
    void aMalformedIdIsRefusedOnEncode() {
        assertThatThrownBy(() -> FilesCodec.encode(new ChunkMessage.Fetch(1, "XYZ"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("64 lowercase hex");
    }

    @Test
    void aFullSizeChunkFitsInTheDefaultFrame() {
        byte[] data = new byte[FilesCodec.CHUNK_BYTES_MAX];
        int size = FilesCodec.encode(new ChunkMessage.Push(Long.MAX_VALUE, "ff".repeat(32), data)).getSerializedSize();
        assertThat(size).isLessThanOrEqualTo(io.tally.wire.WireProtocol.FRAME_BYTES_MAX_DEFAULT);
    }
}
