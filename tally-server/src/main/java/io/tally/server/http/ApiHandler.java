package io.tally.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.tally.server.core.ApiReply;
import io.tally.server.core.ApiRoute;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps one aggregated request to a route, passes it to the core and writes the reply when the core's
 * future completes. Unknown paths get 404, other methods 405 with {@code Allow}, a full node queue 503
 * with {@code Retry-After}. One instance per connection; runs on that connection's Netty thread.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final ApiDispatcher dispatcher;
    private final HttpMetrics metrics;
    private final long replyTimeoutMs;

    ApiHandler(ApiDispatcher dispatcher, HttpMetrics metrics, long replyTimeoutMs) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.replyTimeoutMs = replyTimeoutMs;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long startNanos = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpMethod method = req.method();
        String methodName = method.name();
        if (req.decoderResult().isFailure()) {
            finish(ctx, "invalid", methodName, startNanos, false, false,
                ApiReply.error(400, "bad_request", "malformed HTTP request: " + req.decoderResult().cause()));
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (io.tally.server.data.AdminRequests.handles(path)) {
            admin(ctx, req, path, methodName, startNanos, keepAlive);
            return;
        }
        if (io.tally.server.data.DataRequests.handles(path)) {
            data(ctx, req, path, methodName, startNanos, keepAlive, method.equals(HttpMethod.HEAD));
            return;
        }
        if (Dashboard.handles(path)) {
            finish(ctx, "dashboard", methodName, startNanos, keepAlive, method.equals(HttpMethod.HEAD), Dashboard.answer(methodName));
            return;
        }
        Optional<ApiRoute> route = Routes.route(path);
        if (route.isEmpty()) {
            finish(ctx, "unknown", methodName, startNanos, keepAlive, false,
                ApiReply.error(404, "not_found", "no route " + methodName + " " + path
                    + " (available: GET /, GET /health, GET /v1/cluster, GET /metrics)"));
            return;
        }
        String routeName = route.get().name().toLowerCase(Locale.ROOT);
        boolean head = method.equals(HttpMethod.HEAD);
        if (!method.equals(HttpMethod.GET) && !head) {
            finish(ctx, routeName, methodName, startNanos, keepAlive, false,
                ApiReply.error(405, "method_not_allowed", methodName + " is not allowed on " + path
                    + "; allowed: " + Routes.ALLOW).withHeader("Allow", Routes.ALLOW));
            return;
        }
        Optional<CompletableFuture<ApiReply>> future = dispatcher.submit(route.get());
        if (future.isEmpty()) {
            finish(ctx, routeName, methodName, startNanos, keepAlive, head,
                ApiReply.error(503, "overloaded", "the node is busy or stopping; retry shortly")
                    .withHeader("Retry-After", "1"));
            return;
        }
        future.get().orTimeout(replyTimeoutMs, TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
            ApiReply out = reply != null ? reply : failure(error, path);
            ctx.executor().execute(() -> finish(ctx, routeName, methodName, startNanos, keepAlive, head, out));
        });
    }

    /** A cluster administration route: parse, answer bad input at once, else pass to the node. */
    private void admin(ChannelHandlerContext ctx, FullHttpRequest req, String path, String methodName, long startNanos,
            boolean keepAlive) {
        byte[] body = io.netty.buffer.ByteBufUtil.getBytes(req.content());
        String uri = req.uri();
        boolean forwarded = req.headers().contains(AdminForwarder.FORWARDED_HEADER);
        io.tally.server.data.AdminRequests.Parsed parsed = io.tally.server.data.AdminRequests.parse(methodName, path, body);
        switch (parsed) {
            case io.tally.server.data.AdminRequests.Parsed.Answer a -> finish(ctx, "admin", methodName, startNanos, keepAlive, false, a.reply());
            case io.tally.server.data.AdminRequests.Parsed.Run r -> {
                Optional<CompletableFuture<ApiReply>> future = dispatcher.submitAdmin(r.op());
                if (future.isEmpty()) {
                    finish(ctx, "admin", methodName, startNanos, keepAlive, false,
                        ApiReply.error(503, "overloaded", "the node is busy or stopping; retry shortly").withHeader("Retry-After", "1"));
                    return;
                }
                // a follower's "not the leader" answer is forwarded to the leader once (AdminForwarder)
                future.get().orTimeout(replyTimeoutMs, TimeUnit.MILLISECONDS)
                    .thenCompose(local -> AdminForwarder.shared().relay(local, forwarded, () -> dispatcher.submit(ApiRoute.CLUSTER),
                        methodName, uri, body))
                    .whenComplete((reply, error) -> {
                        ApiReply out = reply != null ? reply : failure(error, path);
                        ctx.executor().execute(() -> finish(ctx, "admin", methodName, startNanos, keepAlive, false, out));
                    });
            }
        }
    }

    /** A data route: parse, answer bad input at once, else pass to the node and render its outcome. */
    private void data(ChannelHandlerContext ctx, FullHttpRequest req, String path, String methodName, long startNanos,
            boolean keepAlive, boolean head) {
        byte[] body = io.netty.buffer.ByteBufUtil.getBytes(req.content());
        io.tally.server.data.DataRequests.Parsed parsed =
            io.tally.server.data.DataRequests.parse(methodName, req.uri(), req.headers()::get, body);
        switch (parsed) {
            case io.tally.server.data.DataRequests.Parsed.Answer a -> finish(ctx, "data", methodName, startNanos, keepAlive, head, a.reply());
            case io.tally.server.data.DataRequests.Parsed.Run r -> {
                Optional<CompletableFuture<ApiReply>> future = dispatcher.submitData(r.request());
                if (future.isEmpty()) {
                    finish(ctx, "data", methodName, startNanos, keepAlive, head,
                        ApiReply.error(503, "overloaded", "the node is busy or stopping; retry shortly").withHeader("Retry-After", "1"));
                    return;
                }
                future.get().orTimeout(replyTimeoutMs, TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
                    ApiReply out = reply != null ? reply : failure(error, path);
                    ctx.executor().execute(() -> finish(ctx, "data", methodName, startNanos, keepAlive, head, out));
                });
            }
        }
    }

    private static ApiReply failure(Throwable error, String path) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return ApiReply.error(503, "timeout", "the node did not answer in time").withHeader("Retry-After", "1");
        }
        LOG.warn("request {} failed: {}", path, cause.toString());
        return ApiReply.error(500, "internal", "internal error: " + cause.getClass().getSimpleName());
    }

    private void finish(ChannelHandlerContext ctx, String route, String method, long startNanos,
            boolean keepAlive, boolean head, ApiReply reply) {
        Responses.write(ctx, reply, keepAlive, head);
        metrics.record(route, method, reply.status(), System.nanoTime() - startNanos);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
