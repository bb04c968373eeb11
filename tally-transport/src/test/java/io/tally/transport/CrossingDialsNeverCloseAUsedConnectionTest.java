package io.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tally.transport.HandshakeRules.Verdict;
import io.tally.wire.WireProtocol;
import io.tally.wire.proto.Envelope;
import io.tally.wire.proto.Handshake;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two nodes dial each other at once. Every interleaving of the four handshake steps (each
 * acceptor admits the dialer's handshake, then the dialer admits the reply) is driven by hand on
 * two {@link PeerRegistry} instances, with {@link EmbeddedChannel}s standing in for the sockets.
 * The rule checked: both ends end up on the same single connection, and no connection that was
 * ever made usable (onPeerConnected) is closed by the tie-break, so nothing written on it is lost.
 */
class CrossingDialsNeverCloseAUsedConnectionTest {
  private static final InetSocketAddress ADDRESS_A = new InetSocketAddress("127.0.0.1", 7101);
  private static final InetSocketAddress ADDRESS_B = new InetSocketAddress("127.0.0.2", 7102);

  /** One node: a registry on an embedded event loop, recording connects and disconnects. */
  private static final class Node implements TransportHandler {
    final String id;
    final Handshake handshake;
    final PeerRegistry registry;
    final List<PeerInfo> connected = new ArrayList<>();
    final List<String> disconnected = new ArrayList<>();

    Node(String id, InetSocketAddress address) {
      this.id = id;
      this.handshake = Handshake.newBuilder().setClusterName("c").setNodeId(id)
          .setProtocolVersion(WireProtocol.PROTOCOL_VERSION)
          .setPeerAddress(Addresses.format(address)).build();
      TransportConfig config = TransportConfig.builder(id, "c", address).build();
      EmbeddedChannel loopOwner = new EmbeddedChannel();
      registry = new PeerRegistry(config, this,
          new TransportMetrics(new SimpleMeterRegistry(), id), loopOwner.eventLoop(),
          () -> handshake);
    }

    /** Starts a dial: to a known peer id, or (join) to an address only. */
    void dial(Channel channel, String remoteId, InetSocketAddress remoteAddress, boolean join) {
      DialTarget target = join ? registry.joinTarget(remoteAddress)
          : registry.register(remoteId, remoteAddress);
      registry.attachDial(target, channel);
    }

    Channel active(String remoteId) {
      Peer peer = registry.peerOrNull(remoteId);
      return peer == null ? null : peer.active;
    }

    @Override
    public void onPeerConnected(PeerInfo peer) {
      connected.add(peer);
    }

    @Override
    public void onPeerDisconnected(String nodeId) {
      disconnected.add(nodeId);
    }

    @Override
    public void onMessage(String fromNodeId, Envelope envelope) {}

    @Override
    public void onDatagram(InetSocketAddress from, byte[] bytes) {}
  }

  /** One TCP connection: its two ends and the handshake progress. */
  private static final class Connection {
    final Node dialer;
    final Node acceptor;
    final EmbeddedChannel dialerEnd = new EmbeddedChannel();
    final EmbeddedChannel acceptorEnd = new EmbeddedChannel();
    boolean acceptedByAcceptor;

    Connection(Node dialer, Node acceptor) {
      this.dialer = dialer;
      this.acceptor = acceptor;
    }

    /** Step 1: the acceptor admits (or refuses, which closes the connection) the handshake. */
    void handshakeArrives() {
      Verdict verdict = acceptor.registry.admit(acceptorEnd, dialer.handshake, false);
      acceptedByAcceptor = verdict.accepted();
      if (!acceptedByAcceptor) {
        closeBothEnds();
      }
    }

    /** Step 2: the dialer reads the reply and admits (or refuses) it. */
    void replyArrives() {
      if (!acceptedByAcceptor || !dialerEnd.isOpen()) {
        closeBothEnds();
        return;
      }
      Verdict verdict = dialer.registry.admit(dialerEnd, acceptor.handshake, true);
      if (!verdict.accepted()) {
        closeBothEnds();
      }
    }

    /** A close at one end reaches the other (FIN). */
    void propagateClose() {
      if (!dialerEnd.isOpen() || !acceptorEnd.isOpen()) {
        closeBothEnds();
      }
    }

    void closeBothEnds() {
      dialerEnd.close();
      acceptorEnd.close();
    }
  }

  /** Dial kinds (peer id known or join) for both nodes and every order of the four steps. */
  static List<Object[]> cases() {
    String[] orders = {"x1 x2 y1 y2", "x1 y1 x2 y2", "x1 y1 y2 x2", "y1 x1 x2 y2", "y1 x1 y2 x2",
        "y1 y2 x1 x2"};
    List<Object[]> cases = new ArrayList<>();
    for (boolean aJoins : new boolean[] {false, true}) {
      for (boolean bJoins : new boolean[] {false, true}) {
        for (String order : orders) {
          cases.add(new Object[] {aJoins, bJoins, order});
        }
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "a joins {0}, b joins {1}, steps {2}")
  @MethodSource("cases")
  void bothEndsSettleOnOneConnectionWithoutClosingAUsedOne(boolean aJoins, boolean bJoins,
      String order) {
    Node a = new Node("a", ADDRESS_A);
    Node b = new Node("b", ADDRESS_B);
    Connection x = new Connection(a, b); // dialed by a, the smaller id
    Connection y = new Connection(b, a); // dialed by b
    a.dial(x.dialerEnd, "b", ADDRESS_B, aJoins);
    b.dial(y.dialerEnd, "a", ADDRESS_A, bJoins);
    for (String step : order.split(" ")) {
      switch (step) {
        case "x1" -> x.handshakeArrives();
        case "x2" -> x.replyArrives();
        case "y1" -> y.handshakeArrives();
        case "y2" -> y.replyArrives();
        default -> throw new IllegalArgumentException(step);
      }
      x.propagateClose();
      y.propagateClose();
    }
    assertThat(a.disconnected).as("a closed a connection it had used").isEmpty();
    assertThat(b.disconnected).as("b closed a connection it had used").isEmpty();
    assertThat(a.connected).hasSize(1);
    assertThat(b.connected).hasSize(1);
    Channel atA = a.active("b");
    Channel atB = b.active("a");
    boolean onX = atA == x.dialerEnd && atB == x.acceptorEnd;
    boolean onY = atA == y.acceptorEnd && atB == y.dialerEnd;
    assertThat(onX || onY).as("both ends use the same connection").isTrue();
    assertThat(atA.isOpen() && atB.isOpen()).isTrue();
    assertThat(onX ? y.dialerEnd.isOpen() : x.dialerEnd.isOpen())
        .as("the other connection is closed").isFalse();
  }
}
