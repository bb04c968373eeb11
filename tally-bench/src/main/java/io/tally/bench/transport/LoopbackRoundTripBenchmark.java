package io.tally.bench.transport;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.transport.PeerInfo;
import io.tally.transport.PeerTransport;
import io.tally.transport.TransportConfig;
import io.tally.transport.TransportHandler;
import io.tally.wire.Envelopes;
import io.tally.wire.proto.Envelope;
import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ping/pong round trips per second between two transports on loopback, with at most
 * {@code inFlight} pings outstanding. One benchmark operation = one ping sent whose pong frees its
 * slot, so at steady state operations/s = round trips/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class LoopbackRoundTripBenchmark {
  @Param({"1", "64"})
  public int inFlight;

  private PeerTransport client;
  private PeerTransport server;
  private Semaphore slots;
  private final AtomicLong nextId = new AtomicLong();
  private static final ByteString PAYLOAD = ByteString.copyFrom(new byte[64]);

  /** Answers pings with pongs. */
  private final class Echo extends Handler {
    @Override
    public void onMessage(String from, Envelope envelope) {
      if (envelope.hasPing()) {
        server.send(from, Envelopes.pongFor(envelope.getPing()));
      }
    }
  }

  /** Frees a slot per pong. */
  private final class Receiver extends Handler {
    @Override
    public void onMessage(String from, Envelope envelope) {
      if (envelope.hasPong()) {
        slots.release();
      }
    }
  }

  private abstract static class Handler implements TransportHandler {
    @Override
    public void onPeerConnected(PeerInfo peer) {}

    @Override
    public void onPeerDisconnected(String nodeId) {}

    @Override
    public void onDatagram(InetSocketAddress from, byte[] bytes) {}
  }

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    slots = new Semaphore(inFlight);
    server = PeerTransport.start(
        TransportConfig.builder("server", "bench", new InetSocketAddress("127.0.0.1", 0)).build(),
        new Echo(), new SimpleMeterRegistry());
    client = PeerTransport.start(
        TransportConfig.builder("client", "bench", new InetSocketAddress("127.0.0.1", 0)).build(),
        new Receiver(), new SimpleMeterRegistry());
    client.addPeer("server", server.localAddress());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(client.isConnected("server") && server.isConnected("client"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("transports did not connect within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  @Benchmark
  public void roundTrip() throws InterruptedException {
    if (!slots.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no pong within 10 s");
    }
    if (!client.send("server", Envelopes.ping(nextId.incrementAndGet(), 0, PAYLOAD))) {
      slots.release();
    }
  }
}
