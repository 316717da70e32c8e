package dev.hubbub.dashboard.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Aggregates requests up to the OTLP limit; a larger one gets 400 (as any bad OTLP payload) and the connection closes. */
final class OtlpAwareAggregator extends HttpObjectAggregator {

    private final int max;

    OtlpAwareAggregator(int maxContentLength) {
        super(maxContentLength);
        this.max = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        var r = DashboardHandler.text(HttpResponseStatus.BAD_REQUEST,
                "The request body is over the limit of " + max + " bytes.");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
}
