package io.tally.cli.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 for the bench tests: a function maps each request to an {@link Action}
 * (answer, never answer, close the connection). Counts accepted connections and requests. Handlers run on the
 * server's single event loop, so a stateful handler needs no locks.
 */
final class FakeHttpServer implements AutoCloseable {
    /** What to do with one request. */
    sealed interface Action {
        record Answer(int status, String body, boolean close) implements Action {}

        record Ignore() implements Action {}

        record Close() implements Action {}
    }

    /** The request as the handler sees it. */
    record Request(String method, String uri, String body) {}

    static Action answer(int status, String body) {
        return new Action.Answer(status, body, false);
    }

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final CopyOnWriteArrayList<Request> seen = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;

    FakeHttpServer(Function<Request, Action> handler) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    connections.incrementAndGet();
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                                requests.incrementAndGet();
                                Request r = new Request(req.method().name(), req.uri(),
                                    req.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                                seen.add(r);
                                switch (handler.apply(r)) {
                                    case Action.Answer a -> {
                                        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                            HttpResponseStatus.valueOf(a.status()),
                                            Unpooled.wrappedBuffer(a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                                        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
                                        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                                        if (a.close()) {
                                            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                                            ctx.writeAndFlush(resp).addListener(f -> ctx.close());
                                        } else {
                                            ctx.writeAndFlush(resp);
                                        }
                                    }
                                    case Action.Ignore i -> { }
                                    case Action.Close c -> ctx.close();
                                }
                            }
                        });
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
    }

    String endpoint() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A port on 127.0.0.1 nothing listens on (bound, then released). */
    static String deadEndpoint() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }
}
