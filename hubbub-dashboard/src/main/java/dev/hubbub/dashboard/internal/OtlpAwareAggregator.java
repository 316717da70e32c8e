package dev.hubbub.dashboard.internal;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates requests up to the OTLP limit; a larger one gets 400 (as any bad OTLP payload) and the connection closes.
 * The close lingers: the answer goes out with the write side shut, the rest of the body is read and dropped (the
 * aggregator discards what follows an oversized message) until the client closes or {@link #LINGER_SECONDS} pass.
 * Closing at once, with the client's body still arriving, would reset the connection, and a client still sending
 * could lose the answer with it.
 */
final class OtlpAwareAggregator extends HttpObjectAggregator {

    /** How long a connection refused for its size may go on sending before it is closed anyway. */
    static final int LINGER_SECONDS = 5;

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
        if (!(ctx.channel() instanceof DuplexChannel duplex)) {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(r).addListener(written -> {
            if (!written.isSuccess()) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> {
                ctx.close();
            }, LINGER_SECONDS, TimeUnit.SECONDS);
        });
    }
}
