package io.tally.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.tally.server.core.ApiReply;
import java.util.Map;

/** Writes {@link ApiReply}s as HTTP responses. Stateless; called on Netty threads. */
final class Responses {
    private Responses() {}

    /**
     * Writes the reply and flushes it; closes the connection afterwards unless {@code keepAlive}.
     *
     * @param head true for a HEAD request: headers only
     */
    static void write(ChannelHandlerContext ctx, ApiReply reply, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            res.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setContentLength(res, reply.body().length);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
