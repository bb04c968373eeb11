package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.tally.wire.Envelopes;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Busy ports give a clear exception; UDP shares the TCP host:port; oversized input is refused. */
class BindAndDatagramTest {

  @Test
  void aBusyTcpPortNamesTheAddress() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0)) {
      int port = a.address().getPort();
      assertThatThrownBy(() -> new TestNode("b", "127.0.0.1", port))
          .isInstanceOf(TransportBindException.class)
          .hasMessageContaining("TCP")
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void aBusyUdpPortNamesTheAddress() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> new TestNode("b", "127.0.0.1", port))
          .isInstanceOf(TransportBindException.class)
          .hasMessageContaining("UDP")
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void datagramsTravelBetweenPeerAddresses() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.2", 0)) {
      byte[] hello = "hello gossip".getBytes(StandardCharsets.UTF_8);
      assertThat(a.transport.sendDatagram(b.address(), hello)).isTrue();
      TestNode.await(Duration.ofSeconds(5), "b got the datagram", () -> !b.datagrams.isEmpty());
      assertThat(b.datagrams.get(0)).isEqualTo(hello);
      assertThat(b.count("tally.transport.datagrams.in")).isEqualTo(1);
    }
  }

  @Test
  void anOversizedDatagramIsRefusedWithTheLimit() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0)) {
      assertThatThrownBy(() -> a.transport.sendDatagram(a.address(), new byte[1401]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1401").hasMessageContaining("1400");
    }
  }

  @Test
  void anEnvelopeLargerThanTheFrameLimitIsRefusedWithTheLimit() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0, b -> b.frameBytesMax(100))) {
      a.transport.addPeer("b", new InetSocketAddress("127.0.0.1", 1));
      assertThatThrownBy(() -> a.transport.send("b",
              Envelopes.ping(1, 0, ByteString.copyFrom(new byte[200]))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("frameBytesMax 100");
    }
  }

  @Test
  void sendingToAnUnknownPeerReturnsFalseAndCountsTheDrop() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0)) {
      assertThat(a.transport.send("ghost", Envelopes.ping(1, 0, ByteString.EMPTY))).isFalse();
      assertThat(a.count("tally.transport.drops", "peer", "ghost", "reason", "unknown_peer"))
          .isEqualTo(1);
    }
  }
}
