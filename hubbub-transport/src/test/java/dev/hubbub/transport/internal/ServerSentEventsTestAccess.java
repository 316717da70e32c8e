package dev.hubbub.transport.internal;

import io.netty.buffer.ByteBuf;

/** Opens the SSE event encoder to tests in other packages. */
public final class ServerSentEventsTestAccess {
  private ServerSentEventsTestAccess() {
  }

  public static void encodeEvent(ByteBuf payload, ByteBuf out) {
    ServerSentEventsHandler.encodeEvent(payload, out);
  }
}
