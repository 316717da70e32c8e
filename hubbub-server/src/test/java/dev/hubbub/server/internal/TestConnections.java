package dev.hubbub.server.internal;

import dev.hubbub.core.SessionChannel;
import dev.hubbub.server.HubHttpRequest;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Hub connections for tests of the dispatcher's parts that look only at the connection's own fields. */
final class TestConnections {
  private static final HubHttpRequest REQUEST = HubHttpRequest.of("/hub", "", Map.of(), null, null);

  private TestConnections() {
  }

  /** A channel that drops what is written to it. */
  private enum Silent implements SessionChannel {
    INSTANCE;

    @Override
    public boolean write(ByteBuf framed) {
      framed.release();
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
      return false;
    }

    @Override
    public void handshakeDone(boolean binary) {
    }
  }

  static HubConnection connection(String id) {
    return new HubConnection(Silent.INSTANCE, id, null, Map.of(), "/hub", REQUEST);
  }
}
