package io.tally.bench.transport;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.tally.wire.Envelopes;
import io.tally.wire.Frames;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Envelope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encode + decode of one frame holding a 100-byte envelope (a Ping with a 87-byte payload): with
 * the byte-array helpers of tally-wire, and through the Netty codecs the transport uses (length
 * field decoder/prepender + Protobuf codecs, in an EmbeddedChannel).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class FrameCodecBenchmark {
  private Envelope message;
  private EmbeddedChannel codec;

  @Setup(Level.Trial)
  public void setUp() {
    message = Envelopes.ping(123_456_789L, 987_654_321L, ByteString.copyFrom(new byte[87]));
    if (message.getSerializedSize() < 95 || message.getSerializedSize() > 105) {
      throw new IllegalStateException("expected a ~100-byte message, got " + message.getSerializedSize());
    }
    int max = WireProtocol.FRAME_BYTES_MAX_DEFAULT;
    codec = new EmbeddedChannel(
        new LengthFieldBasedFrameDecoder(max + 4, 0, 4, 0, 4),
        new LengthFieldPrepender(4),
        new ProtobufEncoder(),
        new ProtobufDecoder(Envelope.getDefaultInstance()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    codec.finishAndReleaseAll();
  }

  @Benchmark
  public Envelope byteArrays() {
    // A fresh builder result each time so the serialized size is not memoized across calls.
    Envelope fresh = message.toBuilder().build();
    byte[] frame = Frames.encode(fresh, WireProtocol.FRAME_BYTES_MAX_DEFAULT);
    return Frames.decodeEnvelope(frame, WireProtocol.FRAME_BYTES_MAX_DEFAULT);
  }

  @Benchmark
  public Envelope nettyCodecs() {
    codec.writeOutbound(message.toBuilder().build());
    ByteBuf header = codec.readOutbound();
    ByteBuf body = codec.readOutbound();
    codec.writeInbound(header, body);
    return codec.readInbound();
  }
}
