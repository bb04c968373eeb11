package io.tally.cli.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.1 keep-alive connection of one bench client slot, with one request in flight at a time (closed loop).
 * It connects lazily to its current endpoint and stays connected; when a connect fails or the node answers 503 it
 * moves to the next endpoint of its list and tries again, each endpoint once per request (no other retries: a
 * request whose connection breaks or times out after it was sent fails, because it may have been applied).
 *
 * <p>Threading: all state is touched only on the connection's own Netty event loop; {@link #send} may be called
 * from any thread and completes its future on that event loop, so a closed loop chaining the next request in the
 * callback never leaves it. Units: timeouts in milliseconds, body sizes in bytes.
 */
public final class HttpConnection implements AutoCloseable {
    /** A complete answer: status, body bytes and the endpoint ({@code host:port}) that gave it. */
    public record Reply(int status, byte[] body, String endpoint) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Largest response body accepted; bench answers are small JSON documents or values. */
    public static final int RESPONSE_BYTES_MAX = 16 << 20;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final List<String> endpoints;
    private final long timeoutMs;
    private int current;
    private Channel channel;
    private Pending pending;
    private boolean closed;

    /** One request being answered. */
    private static final class Pending {
        final HttpMethod method;
        final String path;
        final byte[] body;
        final CompletableFuture<Reply> future = new CompletableFuture<>();
        final StringBuilder failures = new StringBuilder();
        int triesLeft;
        ScheduledFuture<?> timer;
        Reply last503;

        Pending(HttpMethod method, String path, byte[] body, int tries) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.triesLeft = tries;
        }
    }

    /**
     * @param group event loops to run on (the connection picks one and keeps it)
     * @param endpoints {@code host:port} list, at least one
     * @param first index of the endpoint to use first (taken modulo the list size)
     * @param timeoutMs per request, from {@link #send} to the full answer, 1 or more
     */
    public HttpConnection(EventLoopGroup group, List<String> endpoints, int first, long timeoutMs) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("expected at least one endpoint (host:port)");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("expected a request timeout of at least 1 ms, got " + timeoutMs);
        }
        for (String e : endpoints) {
            hostOf(e);
            portOf(e);
        }
        this.endpoints = List.copyOf(endpoints);
        this.current = Math.floorMod(first, endpoints.size());
        this.timeoutMs = timeoutMs;
        this.loop = group.next();
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMs, 5_000))
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(RESPONSE_BYTES_MAX),
                        new ResponseHandler());
                }
            });
    }

    /** The event loop this connection runs on (callbacks of {@link #send} run there). */
    public java.util.concurrent.Executor executor() {
        return loop;
    }

    /** The endpoint the next request goes to first. Event loop only (tests read it after a request completed). */
    public String currentEndpoint() {
        return endpoints.get(current);
    }

    /**
     * Sends one request; the future completes on this connection's event loop with the answer (any status; a 503
     * only when every endpoint answered 503), or exceptionally with an {@link IOException} (no endpoint could be
     * reached, or the connection broke after sending) or a {@link TimeoutException}.
     *
     * @throws IllegalStateException when a request is already in flight on this connection
     */
    public CompletableFuture<Reply> send(HttpMethod method, String path, byte[] body) {
        Pending p = new Pending(method, path, body, endpoints.size());
        if (loop.inEventLoop()) {
            start(p);
        } else {
            loop.execute(() -> start(p));
        }
        return p.future;
    }

    private void start(Pending p) {
        if (closed) {
            p.future.completeExceptionally(new IOException("connection closed"));
            return;
        }
        if (pending != null) {
            p.future.completeExceptionally(new IllegalStateException("a request is already in flight on this connection"));
            return;
        }
        pending = p;
        p.timer = loop.schedule(() -> timeOut(p), timeoutMs, TimeUnit.MILLISECONDS);
        attempt(p);
    }

    private void attempt(Pending p) {
        if (channel != null && channel.isActive()) {
            write(p, channel);
            return;
        }
        String ep = endpoints.get(current);
        ChannelFuture cf = bootstrap.connect(hostOf(ep), portOf(ep));
        cf.addListener(f -> {
            if (pending != p || closed) {
                cf.channel().close();
                return;
            }
            if (f.isSuccess()) {
                channel = cf.channel();
                write(p, channel);
            } else {
                tryNext(p, ep + ": " + describe(f.cause()));
            }
        });
    }

    private void write(Pending p, Channel ch) {
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, p.method, p.path,
            p.body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(p.body));
        req.headers().set(HttpHeaderNames.HOST, endpoints.get(current));
        req.headers().set(HttpHeaderNames.CONTENT_LENGTH, p.body == null ? 0 : p.body.length);
        if (p.body != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        ch.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess() && pending == p) {
                dropChannel();
                fail(p, new IOException(endpoints.get(current) + ": write failed: " + describe(f.cause())));
            }
        });
    }

    /** A connect failed or a node answered 503: the next endpoint, or the end of this request. */
    private void tryNext(Pending p, String failure) {
        p.failures.append(p.failures.isEmpty() ? "" : "; ").append(failure);
        current = (current + 1) % endpoints.size();
        dropChannel();
        if (--p.triesLeft > 0) {
            attempt(p);
        } else if (p.last503 != null) {
            complete(p, p.last503);
        } else {
            fail(p, new IOException("no endpoint answered (" + p.failures + ")"));
        }
    }

    private void onResponse(Channel ch, FullHttpResponse r) {
        Pending p = pending;
        if (p == null || ch != channel) {
            return; // an answer after a timeout: that connection is already being closed
        }
        Reply reply = new Reply(r.status().code(), ByteBufUtil.getBytes(r.content()), endpoints.get(current));
        if (!HttpUtil.isKeepAlive(r)) {
            dropChannel();
        }
        if (reply.status() == 503) {
            p.last503 = reply;
            tryNext(p, reply.endpoint() + ": 503");
        } else {
            complete(p, reply);
        }
    }

    private void onClosed(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        Pending p = pending;
        if (p != null) {
            fail(p, new IOException(endpoints.get(current) + ": connection closed before the answer"));
        }
    }

    private void timeOut(Pending p) {
        if (pending != p) {
            return;
        }
        dropChannel(); // a late answer must not be taken for the next request's
        fail(p, new TimeoutException("no answer within " + timeoutMs + " ms from " + endpoints.get(current)));
    }

    /** Forgets the current connection before closing it, so its close event fails no request. */
    private void dropChannel() {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    private void complete(Pending p, Reply reply) {
        finish(p);
        p.future.complete(reply);
    }

    private void fail(Pending p, Throwable t) {
        finish(p);
        p.future.completeExceptionally(t);
    }

    private void finish(Pending p) {
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        pending = null;
    }

    /** Closes the connection; a request in flight fails. Any thread. */
    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            dropChannel();
            if (pending != null) {
                fail(pending, new IOException("connection closed by the client"));
            }
        });
    }

    static String hostOf(String endpoint) {
        int i = endpoint.lastIndexOf(':');
        if (i <= 0) {
            throw new IllegalArgumentException("expected an endpoint as host:port, got '" + endpoint + "'");
        }
        return endpoint.substring(0, i);
    }

    static int portOf(String endpoint) {
        int i = endpoint.lastIndexOf(':');
        try {
            int port = Integer.parseInt(endpoint.substring(i + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected an endpoint as host:port with a port 1-65535, got '" + endpoint + "'");
        }
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            onResponse(ctx.channel(), msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onClosed(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
