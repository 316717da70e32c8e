package dev.hubbub.test.client.internal;

import dev.hubbub.test.client.TransportException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The WebSockets transport on the JDK's {@link WebSocket}: the token in an {@code Authorization} header (as the
 * official Node client sends it), text frames for JSON and handshakes, binary frames for MessagePack. The JDK
 * allows one send in flight, so sends queue and go out one after another.
 */
public final class WebSocketTransport extends AbstractTransport {
  private final Duration connectTimeout;
  private final int maxFrameSize;
  private final Object sendLock = new Object();
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>(); // guarded by sendLock
  private boolean sending; // guarded by sendLock
  private volatile @Nullable WebSocket socket;

  private enum Kind { TEXT, BINARY, CLOSE }

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  private record Outgoing(byte[] data, Kind kind, CompletableFuture<Void> done) {}

  /**
   * A transport to {@code url} (http or https; the scheme becomes ws or wss).
   *
   * @param maxFrameSize the largest message accepted from the server
   */
  public WebSocketTransport(HttpClient http, URI url, Map<String, String> headers, @Nullable String accessToken,
      Duration connectTimeout, int maxFrameSize, TransportListener listener) {
    super(http, url, headers, accessToken, listener);
    this.connectTimeout = connectTimeout;
    this.maxFrameSize = maxFrameSize;
  }

  @Override
  public CompletableFuture<Void> connect() {
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(connectTimeout);
    headers.forEach(b::header);
    if (accessToken != null) {
      b.header("Authorization", "Bearer " + accessToken);
    }
    return b.buildAsync(Urls.webSocket(url), new Reader()).handle((ws, error) -> {
      if (error != null) {
        throw new CompletionException(connectFailure(error));
      }
      socket = ws;
      return null;
    });
  }

  private TransportException connectFailure(Throwable error) {
    Throwable e = Failures.unwrap(error);
    String where = Urls.redact(Urls.webSocket(url));
    if (e instanceof WebSocketHandshakeException h) {
      int status = h.getResponse().statusCode();
      Object body = h.getResponse().body();
      byte[] bytes = body instanceof byte[] b ? b
          : body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
      return new TransportException("The WebSocket upgrade to " + where + " was answered with "
          + Failures.answer(status, bytes), e);
    }
    return new TransportException("Could not open a WebSocket to " + where + ": " + Failures.describe(e) + ".", e);
  }

  @Override
  public CompletableFuture<Void> send(byte[] data, boolean text) {
    return enqueue(data, text ? Kind.TEXT : Kind.BINARY);
  }

  private CompletableFuture<Void> enqueue(byte[] data, Kind kind) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (sendLock) {
      if (isClosed() || socket == null) {
        done.completeExceptionally(new TransportException("The WebSocket to " + where() + " is closed."));
        return done;
      }
      queue.add(new Outgoing(data, kind, done));
      if (sending) {
        return done;
      }
      sending = true;
    }
    sendNext();
    return done;
  }

  private void sendNext() {
    Outgoing next;
    WebSocket ws = socket;
    synchronized (sendLock) {
      next = queue.poll();
      if (next == null || ws == null) {
        sending = false;
        return;
      }
    }
    CompletableFuture<WebSocket> sent = switch (next.kind) {
      case TEXT -> ws.sendText(new String(next.data, StandardCharsets.UTF_8), true);
      case BINARY -> ws.sendBinary(ByteBuffer.wrap(next.data), true);
      case CLOSE -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
    };
    Outgoing current = next;
    sent.whenComplete((w, error) -> {
      if (error != null) {
        TransportException failure = new TransportException("Sending on the WebSocket to " + where() + " failed: "
            + Failures.describe(error) + ".", Failures.unwrap(error));
        current.done.completeExceptionally(failure);
        failQueued(failure);
        ws.abort();
        closed(failure);
      } else {
        current.done.complete(null);
        sendNext();
      }
    });
  }

  private void failQueued(Throwable error) {
    synchronized (sendLock) {
      Outgoing o;
      while ((o = queue.poll()) != null) {
        o.done.completeExceptionally(error);
      }
      sending = false;
    }
  }

  @Override
  public void stop(Duration timeout) {
    WebSocket ws = socket;
    if (ws == null || isClosed()) {
      closed(null);
      return;
    }
    // Sends already queued (the Close hub message) go first, the close frame after them; the server's close
    // frame then ends the transport (Reader.onClose), or the timer does.
    enqueue(new byte[0], Kind.CLOSE);
    ClientThreads.TIMER.schedule(() -> {
      if (!isClosed()) {
        ws.abort();
        failQueued(new TransportException("The WebSocket to " + where() + " was stopped."));
        closed(null);
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void abort(Throwable reason) {
    closed(reason); // first: the socket may report its own end while aborting
    WebSocket ws = socket;
    if (ws != null) {
      ws.abort();
    }
    failQueued(reason);
  }

  /** Joins partial messages, bounds them, and hands whole ones to the listener. */
  private final class Reader implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (text.length() > maxFrameSize) {
        tooLarge(ws, text.length());
        return null;
      }
      if (last) {
        byte[] frame = text.toString().getBytes(StandardCharsets.UTF_8);
        text.setLength(0);
        if (frame.length > maxFrameSize) {
          tooLarge(ws, frame.length);
          return null;
        }
        listener.onFrame(frame);
      }
      ws.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if ((long) binary.size() + data.remaining() > maxFrameSize) {
        tooLarge(ws, (long) binary.size() + data.remaining());
        return null;
      }
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.write(chunk, 0, chunk.length);
      if (last) {
        byte[] frame = binary.toByteArray();
        binary.reset();
        listener.onFrame(frame);
      }
      ws.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      failQueued(new TransportException("The WebSocket to " + where() + " is closed."));
      closed(statusCode == WebSocket.NORMAL_CLOSURE ? null : new TransportException("The WebSocket closed with "
          + "status code " + statusCode + (reason.isEmpty() ? "" : " (" + reason + ")") + "."));
      return null; // the JDK answers the close frame
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      TransportException failure = new TransportException("The WebSocket to " + where() + " failed: "
          + Failures.describe(error) + ".", error);
      failQueued(failure);
      closed(failure);
    }

    private void tooLarge(WebSocket ws, long size) {
      TransportException failure = new TransportException("The server sent a WebSocket message of at least " + size
          + " bytes; the limit is " + maxFrameSize + " bytes (maxFrameSize).");
      closed(failure);
      ws.abort();
      failQueued(failure);
    }
  }
}
