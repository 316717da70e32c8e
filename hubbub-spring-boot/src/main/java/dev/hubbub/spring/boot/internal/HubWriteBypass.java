package dev.hubbub.spring.boot.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Last in the pipeline: while {@link HubRequestDiverter} diverts, writes and flushes that start at the tail go
 * straight to the codec from the diverter's place, past the application's HTTP handlers. Otherwise passes on.
 */
public final class HubWriteBypass extends ChannelOutboundHandlerAdapter {
  public static final String NAME = "hubbub.writeBypass";

  private final HubRequestDiverter diverter;

  public HubWriteBypass(HubRequestDiverter diverter) {
    this.diverter = diverter;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!diverter.diverting() || !diverter.writeFromTail(msg, promise)) {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    ChannelHandlerContext target = diverter.diverting() ? diverter.context() : null;
    if (target != null && !target.isRemoved()) {
      target.flush();
    } else {
      ctx.flush();
    }
  }
}
