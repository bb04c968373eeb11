package io.tally.server.discovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tally.server.config.HostPort;
import io.tally.wire.gossip.Decoded;
import io.tally.wire.gossip.DiscoveryCodec;
import io.tally.wire.proto.DiscoveryPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cold-start discovery over UDP on the discovery port (a port of its own, default 7199, so the peer
 * port needs no SO_BROADCAST). Every node runs the <b>responder</b>: it listens on
 * {@code 0.0.0.0:port} (shared with other local nodes through SO_REUSEADDR, and joined to the multicast
 * group {@value #MULTICAST_GROUP} where interfaces allow) and answers requests of its own cluster name
 * by unicast with its peer address. A node started with {@code --discover} also runs the
 * <b>requester</b>: from an ephemeral port it sends a request to 255.255.255.255, to every IPv4
 * interface's broadcast address and to the multicast group, retried with backoff
 * ({@link DiscoveryRules#retryDelayMs}) until an answer arrives ({@code onFound} gets the peer
 * addresses, on the discovery thread) or {@code timeoutMs} passes (an error says what was tried).
 * One Netty thread ({@code discovery}); {@link #close} from any thread.
 */
public final class DiscoveryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryService.class);
    /** Multicast group of discovery requests (organisation-local scope). */
    public static final String MULTICAST_GROUP = "239.255.77.7";

    private final String clusterName;
    private final String nodeId;
    private final String peerAddress;
    private final int port;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("discovery", true));
    private final Counter garbage;
    private final long nonce = new SecureRandom().nextLong() & Long.MAX_VALUE;
    private volatile Channel responder;
    private volatile Channel requester;
    private final Set<HostPort> found = Collections.synchronizedSet(new LinkedHashSet<>());

    private DiscoveryService(String clusterName, String nodeId, String peerAddress, int port, MeterRegistry registry) {
        this.clusterName = clusterName;
        this.nodeId = nodeId;
        this.peerAddress = peerAddress;
        this.port = port;
        this.garbage = Counter.builder("tally.discovery.packets.garbage")
            .description("discovery packets dropped because they are not valid").register(registry);
    }

    /**
     * Starts the responder (a busy port is logged, not fatal) and, with {@code discover}, the requester.
     *
     * @param onFound receives the peer addresses of answering members (discovery thread; must not block)
     */
    public static DiscoveryService start(String clusterName, String nodeId, String peerAddress, int port,
            boolean discover, long timeoutMs, Consumer<List<HostPort>> onFound, MeterRegistry registry) {
        DiscoveryService d = new DiscoveryService(clusterName, nodeId, peerAddress, port, registry);
        d.startResponder();
        if (discover) {
            d.startRequester(timeoutMs, onFound);
        }
        return d;
    }

    private Bootstrap udp(SimpleChannelInboundHandler<DatagramPacket> handler) {
        return new Bootstrap().group(group)
            .channelFactory(() -> new NioDatagramChannel(InternetProtocolFamily.IPv4))
            .option(ChannelOption.SO_BROADCAST, true)
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(handler);
    }

    private void startResponder() {
        try {
            Channel ch = udp(new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    onRequest(ctx.channel(), p);
                }
            }).bind(new InetSocketAddress(port)).sync().channel();
            responder = ch;
            joinMulticast((DatagramChannel) ch);
            LOG.info("discovery: answering requests of cluster {} on UDP port {}", clusterName, port);
        } catch (Exception e) {
            LOG.warn("discovery: cannot listen on UDP port {} (discovery-port): {}; this node will not answer "
                + "--discover requests", port, e.getMessage());
        }
    }

    private void joinMulticast(DatagramChannel ch) {
        InetAddress groupAddress;
        try {
            groupAddress = InetAddress.getByName(MULTICAST_GROUP);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("multicast group literal " + MULTICAST_GROUP + " did not parse", e);
        }
        for (NetworkInterface nif : interfaces()) {
            try {
                if (nif.supportsMulticast()) {
                    ch.joinGroup(new InetSocketAddress(groupAddress, port), nif).sync();
                }
            } catch (Exception e) {
                LOG.debug("discovery: cannot join {} on {}: {}", MULTICAST_GROUP, nif.getName(), e.getMessage());
            }
        }
    }

    private static List<NetworkInterface> interfaces() {
        List<NetworkInterface> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isUp()) {
                    out.add(nif);
                }
            }
        } catch (SocketException e) {
            LOG.debug("discovery: cannot list network interfaces: {}", e.getMessage());
        }
        return out;
    }

    private void onRequest(Channel ch, DatagramPacket p) {
        byte[] bytes = ByteBufUtil.getBytes(p.content());
        switch (DiscoveryCodec.decode(bytes)) {
            case Decoded.Ok<DiscoveryPacket> ok when ok.value().hasRequest() -> {
                if (DiscoveryRules.answers(ok.value().getRequest(), clusterName, nodeId)) {
                    LOG.info("discovery: answering {} ({}) with {}", ok.value().getRequest().getNodeId(), p.sender(),
                        peerAddress);
                    byte[] answer = DiscoveryCodec.answer(clusterName, nodeId, ok.value().getRequest().getNonce(),
                        peerAddress);
                    ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), p.sender()));
                }
            }
            case Decoded.Ok<DiscoveryPacket> ok -> { } // an answer to someone else's request on the shared port
            case Decoded.Bad<DiscoveryPacket> bad -> {
                garbage.increment();
                LOG.debug("discovery: dropping a packet from {}: {}", p.sender(), bad.reason());
            }
        }
    }

    private void startRequester(long timeoutMs, Consumer<List<HostPort>> onFound) {
        Channel ch;
        try {
            ch = udp(new SimpleChannelInboundHandler<DatagramPacket>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                    onAnswer(p, onFound);
                }
            }).bind(new InetSocketAddress(0)).sync().channel();
        } catch (Exception e) {
            LOG.error("discovery: cannot open a UDP socket for --discover: {}", e.getMessage());
            return;
        }
        requester = ch;
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        group.execute(() -> attempt(ch, 0, deadlineNanos, timeoutMs));
    }

    private void attempt(Channel ch, int attempt, long deadlineNanos, long timeoutMs) {
        if (!found.isEmpty() || !ch.isOpen()) {
            return;
        }
        List<InetSocketAddress> targets = targets();
        if (System.nanoTime() >= deadlineNanos) {
            LOG.error("discovery found no member of cluster '{}' within {} ms: {} requests to UDP port {} of {} got no "
                + "answer; check that the other nodes run with the same cluster name and discovery-port on this network, "
                + "or use --join HOST:PORT", clusterName, timeoutMs, attempt, port, targets);
            return;
        }
        byte[] request = DiscoveryCodec.request(clusterName, nodeId, nonce);
        for (InetSocketAddress t : targets) {
            ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(request), t)).addListener(f -> {
                if (!f.isSuccess()) {
                    LOG.debug("discovery: request to {} not sent: {}", t, f.cause().getMessage());
                }
            });
        }
        if (attempt == 0) {
            LOG.info("discovery: looking for cluster '{}' on UDP port {} via {}", clusterName, port, targets);
        }
        group.schedule(() -> attempt(ch, attempt + 1, deadlineNanos, timeoutMs),
            DiscoveryRules.retryDelayMs(attempt), TimeUnit.MILLISECONDS);
    }

    /** 255.255.255.255, every up IPv4 interface's broadcast address, and the multicast group, on the port. */
    private List<InetSocketAddress> targets() {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        out.add(new InetSocketAddress("255.255.255.255", port));
        for (NetworkInterface nif : interfaces()) {
            for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address && a.getBroadcast() != null) {
                    out.add(new InetSocketAddress(a.getBroadcast(), port));
                }
            }
        }
        out.add(new InetSocketAddress(MULTICAST_GROUP, port));
        return new ArrayList<>(out);
    }

    private void onAnswer(DatagramPacket p, Consumer<List<HostPort>> onFound) {
        byte[] bytes = ByteBufUtil.getBytes(p.content());
        switch (DiscoveryCodec.decode(bytes)) {
            case Decoded.Ok<DiscoveryPacket> ok when ok.value().hasAnswer() ->
                DiscoveryRules.accept(ok.value().getAnswer(), clusterName, nodeId, nonce).ifPresent(hp -> {
                    if (found.add(hp)) {
                        LOG.info("discovery: {} answered from {}", ok.value().getAnswer().getNodeId(), hp);
                        onFound.accept(List.of(hp));
                    }
                });
            case Decoded.Ok<DiscoveryPacket> ok -> { }
            case Decoded.Bad<DiscoveryPacket> bad -> {
                garbage.increment();
                LOG.debug("discovery: dropping a packet from {}: {}", p.sender(), bad.reason());
            }
        }
    }

    /** Peer addresses found so far. */
    public List<HostPort> found() {
        synchronized (found) {
            return List.copyOf(found);
        }
    }

    @Override
    public void close() {
        Channel r = responder;
        if (r != null) {
            r.close();
        }
        Channel q = requester;
        if (q != null) {
            q.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
