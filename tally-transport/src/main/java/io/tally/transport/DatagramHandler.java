package io.tally.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies each received UDP datagram and passes it to {@link TransportHandler#onDatagram}. Errors
 * are logged; the UDP socket is never closed by them. Runs on the I/O thread.
 */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);
  private final String nodeId;
  private final TransportHandler handler;
  private final TransportMetrics metrics;

  DatagramHandler(String nodeId, TransportHandler handler, TransportMetrics metrics) {
    this.nodeId = nodeId;
    this.handler = handler;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    byte[] bytes = ByteBufUtil.getBytes(packet.content());
    metrics.datagramsIn.increment();
    metrics.datagramBytesIn.increment(bytes.length);
    try {
      handler.onDatagram(packet.sender(), bytes);
    } catch (RuntimeException e) {
      log.error("{}: transport handler failed on a datagram from {}", nodeId, packet.sender(), e);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: UDP error (socket stays open): {}", nodeId, cause.toString());
  }
}
