package io.tally.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.tally.wire.proto.Envelope;

/**
 * Hands decoded envelopes and writability changes of an admitted connection to the
 * {@link PeerRegistry}; sends a keepalive (an envelope without a body) when nothing was written
 * for keepaliveIntervalMs and closes the connection when nothing was read for idleTimeoutMs. Shared by all channels of one transport; runs on the I/O thread.
 */
@Sharable
final class EnvelopeHandler extends SimpleChannelInboundHandler<Envelope> {
  private final PeerRegistry registry;

  EnvelopeHandler(PeerRegistry registry) {
    this.registry = registry;
  }

  /** An envelope without a body: sent when the connection was idle, never delivered. */
  static final Envelope KEEPALIVE = Envelope.getDefaultInstance();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
    if (envelope.getBodyCase() == Envelope.BodyCase.BODY_NOT_SET) {
      return; // keepalive
    }
    registry.onEnvelope(ctx.channel(), envelope);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        registry.onIdleTimeout(ctx.channel());
        ctx.close();
      } else if (idle.state() == IdleState.WRITER_IDLE && ctx.channel().isWritable()) {
        ctx.channel().writeAndFlush(KEEPALIVE, ctx.channel().voidPromise());
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    registry.onWritable(ctx.channel());
    ctx.fireChannelWritabilityChanged();
  }
}
