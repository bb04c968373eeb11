package io.tally.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tally.transport.HandshakeRules.Verdict;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.HandshakeReply;
import io.tally.wire.proto.Refusal;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The first exchange on a peer connection. The dialer sends its {@link Handshake}; the acceptor
 * checks it ({@link HandshakeRules}, then the {@link Listener}, which applies the tie-break) and
 * answers a {@link HandshakeReply} carrying its own handshake or a refusal; the dialer checks the
 * acceptor's handshake the same way. A connection that has not finished within the timeout is
 * closed. On success this handler replaces itself by the idle handler (if any), a
 * {@link ProtobufDecoder} of {@link Envelope} and the envelope handler; on failure the channel is closed (after the refusal
 * reply, on the acceptor).
 *
 * <p>Sits after the frame decoder, so it receives whole frames. One instance per channel; runs on
 * the channel's event loop only.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  /** Decides admission and hears about failures; called on the channel's event loop. */
  interface Listener {
    /**
     * The peer's handshake passed {@link HandshakeRules}; return {@link Verdict#ACCEPTED} to
     * admit the connection (the listener then owns it) or a refusal.
     */
    Verdict admit(Channel channel, Handshake remote, boolean dialedByUs);

    /** The handshake failed: refused by us, refused by the peer, malformed or timed out. */
    void failed(Channel channel, Refusal code, String reason, boolean refusedByPeer);
  }

  static final String ENVELOPE_DECODER = "envelopeDecoder";
  static final String ENVELOPE_HANDLER = "envelope";
  static final String IDLE_HANDLER = "idle";

  private final boolean dialer;
  private final Supplier<Handshake> local;
  private final long timeoutMs;
  private final Listener listener;
  private final Supplier<ChannelHandler> envelopeHandler;
  private final Supplier<ChannelHandler> idleHandler;
  private ScheduledFuture<?> timeout;
  private boolean started;
  private boolean done;

  HandshakeHandler(boolean dialer, Supplier<Handshake> local, long timeoutMs, Listener listener,
      Supplier<ChannelHandler> envelopeHandler, Supplier<ChannelHandler> idleHandler) {
    this.dialer = dialer;
    this.local = local;
    this.timeoutMs = timeoutMs;
    this.listener = listener;
    this.envelopeHandler = envelopeHandler;
    this.idleHandler = idleHandler;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    timeout = ctx.executor().schedule(() -> {
      if (!done) {
        done = true;
        listener.failed(ctx.channel(), Refusal.REFUSAL_TIMEOUT,
            "handshake not completed within " + timeoutMs + " ms", false);
        ctx.close();
      }
    }, timeoutMs, TimeUnit.MILLISECONDS);
    if (dialer) {
      ctx.writeAndFlush(local.get());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    done = true;
    cancelTimeout();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (done) {
        return; // the connection is being closed; ignore what the peer still sent
      }
      if (dialer) {
        onReply(ctx, HandshakeReply.parseFrom(frame.nioBuffer()));
      } else {
        onHandshake(ctx, Handshake.parseFrom(frame.nioBuffer()));
      }
    } catch (InvalidProtocolBufferException e) {
      String what = dialer ? "HandshakeReply" : "Handshake";
      fail(ctx, Refusal.REFUSAL_BAD_HANDSHAKE,
          "first frame is not a valid " + what + ": " + e.getMessage(), false);
    } finally {
      ReferenceCountUtil.release(frame);
    }
  }

  private void onHandshake(ChannelHandlerContext ctx, Handshake remote) {
    Handshake self = local.get();
    Verdict verdict = HandshakeRules.check(self, remote);
    if (verdict.accepted()) {
      verdict = listener.admit(ctx.channel(), remote, false);
    }
    if (!verdict.accepted()) {
      fail(ctx, verdict.code(), verdict.message(), false);
      return;
    }
    done = true;
    cancelTimeout();
    ctx.writeAndFlush(HandshakeReply.newBuilder().setAccepted(true).setSelf(self).build());
    switchToEnvelopes(ctx);
  }

  private void onReply(ChannelHandlerContext ctx, HandshakeReply reply) {
    if (!reply.getAccepted()) {
      fail(ctx, reply.getRefusal(), reply.getReason(), true);
      return;
    }
    Verdict verdict = HandshakeRules.check(local.get(), reply.getSelf());
    if (verdict.accepted()) {
      verdict = listener.admit(ctx.channel(), reply.getSelf(), true);
    }
    if (!verdict.accepted()) {
      fail(ctx, verdict.code(), verdict.message(), false);
      return;
    }
    done = true;
    cancelTimeout();
    switchToEnvelopes(ctx);
  }

  private void fail(ChannelHandlerContext ctx, Refusal code, String reason, boolean refusedByPeer) {
    done = true;
    cancelTimeout();
    listener.failed(ctx.channel(), code, reason, refusedByPeer);
    if (!dialer) {
      HandshakeReply reply = HandshakeReply.newBuilder()
          .setAccepted(false).setRefusal(code).setReason(reason).setSelf(local.get()).build();
      ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void switchToEnvelopes(ChannelHandlerContext ctx) {
    ctx.pipeline().addAfter(ctx.name(), ENVELOPE_DECODER,
        new ProtobufDecoder(Envelope.getDefaultInstance()));
    ctx.pipeline().addAfter(ENVELOPE_DECODER, ENVELOPE_HANDLER, envelopeHandler.get());
    ChannelHandler idle = idleHandler.get();
    if (idle != null) {
      ctx.pipeline().addBefore(ENVELOPE_DECODER, IDLE_HANDLER, idle);
    }
    ctx.pipeline().remove(this);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
