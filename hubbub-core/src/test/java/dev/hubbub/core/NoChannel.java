package dev.hubbub.core;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/** A channel that accepts and drops everything, for tests of state that never writes. */
enum NoChannel implements SessionChannel {
  INSTANCE;

  @Override
  public boolean write(ByteBuf framed) {
    return true;
  }

  @Override
  public void close(@Nullable String reason) {
  }

  @Override
  public boolean supportsBinary() {
    return true;
  }

  @Override
  public boolean statefulReconnect() {
    return false;
  }

  @Override
  public boolean keepAlive() {
    return true;
  }

  @Override
  public void handshakeDone(boolean binary) {
  }
}
