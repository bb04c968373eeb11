package io.tally.transport;

import com.google.protobuf.MessageLite;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Handshake;
import io.tally.wire.proto.HandshakeReply;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A plain blocking socket that speaks (or abuses) the frame format, for tests. */
final class RawPeer implements AutoCloseable {
  final Socket socket;

  RawPeer(InetSocketAddress to, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.setSoTimeout(10_000);
    socket.connect(to, 5_000);
  }

  RawPeer(InetSocketAddress to) throws IOException {
    this(to, 0);
  }

  static Handshake handshake(String nodeId, String cluster, int version) {
    return Handshake.newBuilder().setNodeId(nodeId).setClusterName(cluster)
        .setProtocolVersion(version).setPeerAddress("").build();
  }

  static Handshake handshake(String nodeId) {
    return handshake(nodeId, TestNode.CLUSTER, WireProtocol.PROTOCOL_VERSION);
  }

  void writeFrame(MessageLite message) throws IOException {
    byte[] body = message.toByteArray();
    writeRaw(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
  }

  void writeRaw(byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  HandshakeReply readReply() throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return HandshakeReply.parseFrom(body);
  }

  /** Whether the transport closed the connection: reads until EOF or reset, within the timeout. */
  boolean closedByPeer() throws IOException {
    try {
      byte[] buffer = new byte[8192];
      while (true) {
        if (socket.getInputStream().read(buffer) < 0) {
          return true;
        }
      }
    } catch (EOFException | SocketException e) {
      return true; // reset counts as closed
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
