package io.tally.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.tally.wire.WireProtocol;

/**
 * Builds a peer connection's pipeline: {@code frameDecoder} (4-byte big-endian length, body at most
 * frameBytesMax, fails fast on a larger length) → {@code handshake} (replaced after the handshake
 * by {@code envelopeDecoder} + {@code envelope}) → {@code errors}; outbound {@code protobufEncoder}
 * → {@code frameEncoder}. Stateless; any thread.
 */
final class PeerPipeline {
  static final String FRAME_DECODER = "frameDecoder";
  static final String FRAME_ENCODER = "frameEncoder";
  static final String PROTOBUF_ENCODER = "protobufEncoder";
  static final String HANDSHAKE = "handshake";
  static final String ERRORS = "errors";

  private static final LengthFieldPrepender PREPENDER =
      new LengthFieldPrepender(WireProtocol.FRAME_LENGTH_BYTES);
  private static final ProtobufEncoder ENCODER = new ProtobufEncoder();

  private PeerPipeline() {}

  /** A frame decoder accepting bodies up to {@code frameBytesMax} bytes. */
  static LengthFieldBasedFrameDecoder frameDecoder(int frameBytesMax) {
    int len = WireProtocol.FRAME_LENGTH_BYTES;
    return new LengthFieldBasedFrameDecoder(frameBytesMax + len, 0, len, 0, len);
  }

  static void init(ChannelPipeline pipeline, int frameBytesMax, HandshakeHandler handshake,
      ChannelHandler errors) {
    pipeline.addLast(FRAME_DECODER, frameDecoder(frameBytesMax));
    pipeline.addLast(FRAME_ENCODER, PREPENDER);
    pipeline.addLast(PROTOBUF_ENCODER, ENCODER);
    pipeline.addLast(HANDSHAKE, handshake);
    pipeline.addLast(ERRORS, errors);
  }
}
