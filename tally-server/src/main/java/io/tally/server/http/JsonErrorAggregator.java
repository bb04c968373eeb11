package io.tally.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.util.ReferenceCountUtil;
import io.tally.server.core.ApiReply;

/**
 * Aggregates a request and its body up to {@code bodyBytesMax}; a larger one is answered 413 with the
 * JSON error shape and the connection is closed (the rest of the body is not read).
 */
final class JsonErrorAggregator extends HttpObjectAggregator {
    private final int bodyBytesMax;

    JsonErrorAggregator(int bodyBytesMax) {
        super(bodyBytesMax);
        this.bodyBytesMax = bodyBytesMax;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ReferenceCountUtil.release(oversized);
        Responses.write(ctx, ApiReply.error(413, "payload_too_large",
            "request body larger than " + bodyBytesMax + " bytes (see request-body-max)"), false, false);
    }
}
