package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.wire.WireProtocol;
import io.tally.wire.proto.HandshakeReply;
import io.tally.wire.proto.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Peers of another cluster or protocol version are refused with a reason and disconnected. */
class HandshakeRefusalTest {

  @Test
  void aWrongClusterNameIsRefusedAndClosed() throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0); RawPeer raw = new RawPeer(a.address())) {
      raw.writeFrame(RawPeer.handshake("x", "other-cluster", WireProtocol.PROTOCOL_VERSION));
      HandshakeReply reply = raw.readReply();
      assertThat(reply.getAccepted()).isFalse();
      assertThat(reply.getRefusal()).isEqualTo(Refusal.REFUSAL_CLUSTER_NAME);
      assertThat(reply.getReason()).contains("other-cluster");
      assertThat(raw.closedByPeer()).isTrue();
      assertThat(a.transport.connectedPeers()).isEmpty();
    }
  }

  @Test
  void aWrongProtocolVersionIsRefusedAndClosed() throws Exception {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0); RawPeer raw = new RawPeer(a.address())) {
      raw.writeFrame(RawPeer.handshake("x", TestNode.CLUSTER, WireProtocol.PROTOCOL_VERSION + 1));
      HandshakeReply reply = raw.readReply();
      assertThat(reply.getAccepted()).isFalse();
      assertThat(reply.getRefusal()).isEqualTo(Refusal.REFUSAL_PROTOCOL_VERSION);
      assertThat(raw.closedByPeer()).isTrue();
      assertThat(a.count("tally.transport.handshake.failures", "reason", "protocol_version"))
          .isEqualTo(1);
    }
  }

  @Test
  void transportsOfDifferentClustersNeverConnect() {
    try (TestNode a = new TestNode("a", "127.0.0.1", 0);
        TestNode b = new TestNode("b", "127.0.0.1", 0, c -> c.clusterId("id-2"))) {
      a.transport.setClusterId("id-1");
      a.transport.addPeer("b", b.address());
      TestNode.await(Duration.ofSeconds(10), "b refused a twice (a redials with backoff)",
          () -> b.count("tally.transport.handshake.failures", "reason", "cluster_id") >= 2);
      assertThat(a.count("tally.transport.handshake.failures", "reason", "cluster_id")).isPositive();
      assertThat(a.transport.connectedPeers()).isEmpty();
      assertThat(b.transport.connectedPeers()).isEmpty();
      assertThat(a.connected).isEmpty();
    }
  }
}
