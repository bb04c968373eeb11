package io.tally.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server of one node: Netty with one acceptor thread and {@code ioThreads} I/O threads. Start
 * with {@link #start}; {@link #stopAccepting()} closes the listening socket (open connections finish);
 * {@link #close()} closes everything. Thread-safe.
 */
public final class HttpApiServer implements AutoCloseable {

    /** Request line and header limits. */
    static final int INITIAL_LINE_BYTES_MAX = 8 * 1024;
    static final int HEADER_BYTES_MAX = 16 * 1024;
    /** A connection with no traffic either way for this long is closed. */
    static final int IDLE_SECONDS_MAX = 120;
    /** How long a request may wait for the core before it is answered 503. */
    static final long REPLY_TIMEOUT_MS = 10_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;

    private HttpApiServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts serving.
     *
     * @param bind address to listen on (port 0 picks a free port; see {@link #localAddress()})
     * @param bodyBytesMax largest request body; larger requests get 413
     * @throws BindException when the address cannot be bound (typically: already in use)
     */
    public static HttpApiServer start(InetSocketAddress bind, int bodyBytesMax, int ioThreads,
            ApiDispatcher dispatcher, MeterRegistry registry) throws BindException {
        return start(bind, bodyBytesMax, ioThreads, dispatcher, null, registry);
    }

    /**
     * Binds and starts serving, with the streamed file routes ({@link FileHttpHandler}) when {@code files} is not null.
     *
     * @see #start(InetSocketAddress, int, int, ApiDispatcher, MeterRegistry)
     */
    public static HttpApiServer start(InetSocketAddress bind, int bodyBytesMax, int ioThreads,
            ApiDispatcher dispatcher, io.tally.server.files.FileApi files, MeterRegistry registry) throws BindException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("http-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("http-io", true));
        HttpMetrics metrics = new HttpMetrics(registry);
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 256)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS_MAX))
                        .addLast("codec", new HttpServerCodec(INITIAL_LINE_BYTES_MAX, HEADER_BYTES_MAX, 8192))
                        .addLast("keepalive", new HttpServerKeepAliveHandler());
                    if (files != null) {
                        ch.pipeline().addLast("files", new FileHttpHandler(files, metrics));
                    }
                    ch.pipeline()
                        .addLast("aggregate", new JsonErrorAggregator(bodyBytesMax))
                        .addLast("api", new ApiHandler(dispatcher, metrics, REPLY_TIMEOUT_MS));
                }
            });
        try {
            Channel ch = b.bind(bind).syncUninterruptibly().channel();
            return new HttpApiServer(boss, workers, ch);
        } catch (Exception e) {
            // Netty rethrows the checked BindException undeclared; find it in the chain.
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException be) {
                    throw be;
                }
            }
            throw new IllegalStateException("cannot start the HTTP server on " + bind + ": " + e, e);
        }
    }

    /** The bound address. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Closes the listening socket: no new connections; open ones are served until {@link #close()}. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Closes the listener and every connection, and stops the threads (waits up to about 2 s). */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
