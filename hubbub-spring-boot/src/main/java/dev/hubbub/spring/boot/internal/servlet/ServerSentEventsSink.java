package dev.hubbub.spring.boot.internal.servlet;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportUser;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Server-Sent Events on servlet async I/O: a {@code text/event-stream} response that starts with {@code :\r\n} and
 * carries each payload as one event of {@code data:} lines, as the Netty transport's. The stream stays open with no
 * async timeout; the client ends it with DELETE or by going away (a failed write).
 */
final class ServerSentEventsSink implements BridgeSink {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};

  private final BridgeConnection connection;
  private @Nullable NonBlockingOutput out;

  private ServerSentEventsSink(BridgeConnection connection) {
    this.connection = connection;
  }

  /** Opens the stream for a connection this request just claimed. On the request's thread. */
  static void start(HttpServletRequest request, HttpServletResponse response, BridgeConnection connection,
      TransportUser user, HubHttpRequest hubRequest) throws IOException {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setHeader("Cache-Control", "no-cache,no-store");
    response.setHeader("Pragma", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    ServerSentEventsSink sink = new ServerSentEventsSink(connection);
    async.addListener(new Ended(connection));
    NonBlockingOutput out = new NonBlockingOutput(async, connection.loop, sink::flush,
        e -> connection.onLoop(() -> connection.terminated(null)));
    boolean queued = connection.onLoop(() -> {
      sink.out = out;
      out.write(new byte[] {':', '\r', '\n'});
      connection.started(sink, user, hubRequest);
    });
    if (!queued) { // the bridge is stopping
      response.setStatus(503);
      async.complete();
    }
  }

  @Override
  public void flush() {
    NonBlockingOutput o = out;
    if (o == null || !o.idle() || o.isDone()) {
      return;
    }
    List<BridgeConnection.Chunk> chunks = connection.drain();
    if (chunks.isEmpty()) {
      if (connection.state == BridgeConnection.State.CLOSING) {
        o.complete();
        connection.terminated(null);
      }
      return;
    }
    ByteArrayOutputStream events = new ByteArrayOutputStream();
    long bytes = 0;
    for (BridgeConnection.Chunk c : chunks) {
      encodeEvent(c.bytes(), events);
      bytes += c.bytes().length;
    }
    o.write(events.toByteArray());
    connection.written(bytes);
    if (connection.state == BridgeConnection.State.CLOSING && !connection.hasOutbound()) {
      o.complete();
      connection.terminated(null);
    }
  }

  /** Every line of the payload (split on {@code \n}, a trailing {@code \r} dropped) as {@code data: <line>\r\n}. */
  static void encodeEvent(byte[] payload, ByteArrayOutputStream out) {
    int start = 0;
    while (true) {
      int nl = start;
      while (nl < payload.length && payload[nl] != '\n') {
        nl++;
      }
      int contentEnd = nl > start && payload[nl - 1] == '\r' ? nl - 1 : nl;
      out.writeBytes(DATA);
      out.write(payload, start, contentEnd - start);
      out.writeBytes(CRLF);
      if (nl >= payload.length) {
        break;
      }
      start = nl + 1;
    }
    out.writeBytes(CRLF);
  }

  @Override
  public void close(@Nullable String reason) {
    flush();
    NonBlockingOutput o = out;
    if (o != null && !connection.hasOutbound()) {
      o.complete();
      connection.terminated(null);
    }
  }

  @Override
  public void abort(Throwable error) {
    NonBlockingOutput o = out;
    if (o != null) {
      o.abort(error);
    }
  }

  /** The container ended the response (client gone, server stopping): the connection ends with it. */
  private record Ended(BridgeConnection connection) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      connection.onLoop(() -> connection.terminated(null));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      connection.onLoop(() -> connection.terminated(null));
    }

    @Override
    public void onError(AsyncEvent event) {
      connection.onLoop(() -> connection.terminated(event.getThrowable()));
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
  }
}
