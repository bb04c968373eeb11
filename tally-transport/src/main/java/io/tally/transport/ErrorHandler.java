package io.tally.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every peer pipeline: any exception (oversized frame, bad length, bytes that are
 * not Protobuf, I/O error) closes the connection with a log line naming the peer, and is counted.
 * Never rethrows. Shared by all channels of one transport; runs on the I/O thread.
 */
@Sharable
final class ErrorHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);
  private final String nodeId;
  private final TransportMetrics metrics;

  ErrorHandler(String nodeId, TransportMetrics metrics) {
    this.nodeId = nodeId;
    this.metrics = metrics;
  }

  /** The metric tag for an exception that closes a connection. */
  static String reason(Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      return "frame_too_long";
    }
    if (cause instanceof CorruptedFrameException) {
      return "corrupt_frame";
    }
    if (cause instanceof DecoderException && cause.getCause() instanceof InvalidProtocolBufferException) {
      return "bad_protobuf";
    }
    if (cause instanceof IOException) {
      return "io";
    }
    return "other";
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String reason = reason(cause);
    metrics.connectionError(reason);
    Peer peer = ctx.channel().attr(PeerRegistry.PEER).get();
    String who = peer == null ? "" : " (node " + peer.nodeId + ")";
    if (reason.equals("io")) {
      log.debug("{}: closing connection with {}{} after I/O error: {}", nodeId,
          ctx.channel().remoteAddress(), who, cause.toString());
    } else {
      log.warn("{}: closing connection with {}{} after {}: {}", nodeId,
          ctx.channel().remoteAddress(), who, reason, cause.toString());
    }
    ctx.close();
  }
}
