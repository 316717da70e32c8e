package dev.hubbub.spring.boot.internal.servlet;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.SlowConsumerException;
import dev.hubbub.transport.TransportUser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * WebSockets through the servlet container's Jakarta WebSocket support (JSR 356): an endpoint per connection. Each
 * whole client message is one {@code onData} (messages larger than {@code transportMaxBufferSize} are closed by the
 * container with 1009, as the Netty transport does); outbound payloads go in one async send at a time, neighbouring
 * payloads of the same format in one frame. Confined to the connection's loop except the container's callbacks,
 * which hop onto it.
 */
final class WebSocketSink extends Endpoint implements BridgeSink {
  private static final int MAX_CLOSE_REASON_BYTES = 123;
  /** Runs the container's blocking close calls; idle threads end after a minute. */
  private static final java.util.concurrent.ExecutorService CLOSER = new java.util.concurrent.ThreadPoolExecutor(0,
      Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
      new io.netty.util.concurrent.DefaultThreadFactory("hubbub-servlet-bridge-close", true));

  private final BridgeConnection connection;
  private final TransportUser user;
  private final HubHttpRequest hubRequest;
  private @Nullable Session session;
  private boolean sending;
  private boolean closing;
  private @Nullable String closeReason;

  WebSocketSink(BridgeConnection connection, TransportUser user, HubHttpRequest hubRequest) {
    this.connection = connection;
    this.user = user;
    this.hubRequest = hubRequest;
  }

  /** The endpoint configuration for one upgrade: its only instance is this sink. */
  ServerEndpointConfig config(String path) {
    WebSocketSink self = this;
    return ServerEndpointConfig.Builder.create(WebSocketSink.class, path)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(self);
          }
        }).build();
  }

  @Override
  public void onOpen(Session s, EndpointConfig config) {
    int max = connection.bridge().transportOptions().transportMaxBufferSize();
    s.setMaxBinaryMessageBufferSize(max);
    s.setMaxTextMessageBufferSize(max);
    s.setMaxIdleTimeout(0);
    s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      connection.onLoop(() -> connection.received(bytes));
    });
    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      connection.onLoop(() -> connection.received(bytes));
    });
    connection.onLoop(() -> {
      session = s;
      connection.started(this, user, hubRequest);
    });
  }

  @Override
  public void onClose(Session s, CloseReason reason) {
    connection.onLoop(() -> connection.terminated(null));
  }

  @Override
  public void onError(Session s, Throwable error) {
    connection.onLoop(() -> connection.terminated(error));
  }

  @Override
  public void flush() {
    Session s = session;
    if (s == null || sending || !s.isOpen()) {
      return;
    }
    List<BridgeConnection.Chunk> chunks = connection.drain();
    if (chunks.isEmpty()) {
      if (closing) {
        closeNow(CloseReason.CloseCodes.NORMAL_CLOSURE, closeReason);
      }
      return;
    }
    // One frame per run of payloads of the same format; the rest go back to the front in the next turn.
    boolean binary = chunks.get(0).binary();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    int taken = 0;
    for (BridgeConnection.Chunk c : chunks) {
      if (c.binary() != binary) {
        break;
      }
      frame.writeBytes(c.bytes());
      taken++;
    }
    if (taken < chunks.size()) {
      connection.requeueFront(chunks.subList(taken, chunks.size()));
    }
    byte[] bytes = frame.toByteArray();
    sending = true;
    jakarta.websocket.SendHandler done = (SendResult result) -> connection.onLoop(() -> sent(result, bytes.length));
    try {
      if (binary) {
        s.getAsyncRemote().sendBinary(ByteBuffer.wrap(bytes), done);
      } else {
        s.getAsyncRemote().sendText(new String(bytes, StandardCharsets.UTF_8), done);
      }
    } catch (IllegalStateException e) {
      sending = false;
      connection.terminated(e);
    }
  }

  private void sent(SendResult result, long bytes) {
    sending = false;
    connection.written(bytes);
    if (!result.isOK()) {
      connection.terminated(result.getException());
      return;
    }
    flush();
  }

  @Override
  public void close(@Nullable String reason) {
    closing = true;
    closeReason = reason;
    flush();
  }

  @Override
  public void abort(Throwable error) {
    if (error instanceof SlowConsumerException slow) {
      closeNow(CloseReason.CloseCodes.VIOLATED_POLICY, slow.closeReason());
    } else {
      closeNow(CloseReason.CloseCodes.UNEXPECTED_CONDITION, null);
    }
  }

  private void closeNow(CloseReason.CloseCode code, @Nullable String reason) {
    connection.terminated(null);
    Session s = session;
    if (s != null && s.isOpen()) {
      CloseReason close = new CloseReason(code, truncate(reason == null ? "" : reason));
      // The container's close sends the close frame with a blocking write (Tomcat waits up to its blocking-send
      // timeout for a client that does not read): never on the connection's loop.
      CLOSER.execute(() -> {
        try {
          s.close(close);
        } catch (IOException | IllegalStateException ignored) {
          // the socket is gone already
        }
      });
    }
  }

  /** A close frame's reason holds at most 123 bytes of UTF-8. */
  static String truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
      return reason;
    }
    int end = reason.length();
    while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
      end--;
    }
    return reason.substring(0, end);
  }
}
