package io.tally.transport;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.tally.wire.proto.Envelope;

/**
 * Hands decoded envelopes and writability changes of an admitted connection to the
 * {@link PeerRegistry}. Shared by all channels of one transport; runs on the I/O thread.
 */
@Sharable
final class EnvelopeHandler extends SimpleChannelInboundHandler<Envelope> {
  private final PeerRegistry registry;

  EnvelopeHandler(PeerRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
    registry.onEnvelope(ctx.channel(), envelope);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    registry.onWritable(ctx.channel());
    ctx.fireChannelWritabilityChanged();
  }
}
