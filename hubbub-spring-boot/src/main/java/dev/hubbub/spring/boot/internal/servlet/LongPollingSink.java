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
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Long polling on servlet async I/O, with the Netty transport's rules: the first poll is answered at once (200
 * empty) and starts the connection; later polls park (no thread waits: the request is async) until there is data,
 * 200 empty at the long-poll timeout, 204 when the connection ends or a newer poll replaces it. A connection nobody
 * polls for the disconnect timeout ends. Confined to the connection's loop.
 */
final class LongPollingSink implements BridgeSink {
  private final BridgeConnection connection;
  private @Nullable Poll poll;
  private long pollDeadline;

  /** A parked poll: its async response and the output that writes it. */
  private record Poll(AsyncContext async, HttpServletResponse response, NonBlockingOutput out) {}

  private LongPollingSink(BridgeConnection connection) {
    this.connection = connection;
  }

  /** The first poll of a connection this request just claimed: 200 empty, and the connection starts. */
  static void start(HttpServletResponse response, BridgeConnection connection, TransportUser user,
      HubHttpRequest hubRequest) {
    LongPollingSink sink = new LongPollingSink(connection);
    connection.onLoop(() -> connection.started(sink, user, hubRequest));
    response.setStatus(200);
    response.setContentType("application/octet-stream");
    noCache(response);
    response.setContentLength(0);
  }

  /** A later poll. On the request's thread; the rest happens on the connection's loop. */
  static void poll(HttpServletRequest request, HttpServletResponse response, BridgeConnection connection)
      throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    NonBlockingOutput out = new NonBlockingOutput(async, connection.loop, () -> { }, e -> { });
    Poll p = new Poll(async, response, out);
    async.addListener(new Gone(connection, p));
    boolean queued = connection.onLoop(() -> {
      if (connection.sink() instanceof LongPollingSink sink && connection.state != BridgeConnection.State.CLOSED) {
        sink.onPoll(p);
      } else {
        respond(p, 204, null);
      }
    });
    if (!queued) {
      response.setStatus(503);
      async.complete();
    }
  }

  /** {@code DELETE ?id=}: 202, the parked poll gets 204, the connection ends. */
  static void delete(HttpServletResponse response, BridgeConnection connection) {
    connection.onLoop(() -> {
      if (connection.sink() instanceof LongPollingSink sink) {
        sink.endPoll(204);
      }
      connection.terminated(null);
    });
    response.setStatus(202);
  }

  private void onPoll(Poll p) {
    long now = System.nanoTime();
    connection.lastSeenNanos = now;
    endPoll(204);
    if (connection.hasOutbound()) {
      respondWithQueue(p);
    } else if (connection.state == BridgeConnection.State.CLOSING) {
      respond(p, 204, null);
      connection.terminated(null);
    } else {
      poll = p;
      pollDeadline = now + connection.bridge().transportOptions().longPollTimeout().toNanos();
    }
  }

  private @Nullable Poll takePoll() {
    Poll p = poll;
    if (p != null) {
      poll = null;
      connection.lastSeenNanos = System.nanoTime();
    }
    return p;
  }

  private void endPoll(int status) {
    Poll p = takePoll();
    if (p != null) {
      respond(p, status, null);
    }
  }

  private void respondWithQueue(Poll p) {
    List<BridgeConnection.Chunk> chunks = connection.drain();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (BridgeConnection.Chunk c : chunks) {
      body.writeBytes(c.bytes());
    }
    connection.written(body.size());
    respond(p, 200, body.toByteArray());
  }

  private static void respond(Poll p, int status, byte @Nullable [] body) {
    if (p.out().isDone()) {
      return;
    }
    HttpServletResponse r = p.response();
    r.setStatus(status);
    noCache(r);
    if (status == 200) {
      r.setContentType("application/octet-stream");
      r.setContentLength(body == null ? 0 : body.length);
    }
    if (body != null && body.length > 0) {
      p.out().write(body);
    }
    p.out().complete();
  }

  private static void noCache(HttpServletResponse r) {
    r.setHeader("Cache-Control", "no-cache,no-store");
    r.setHeader("Pragma", "no-cache");
    r.setHeader("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
  }

  @Override
  public void flush() {
    if (poll != null && connection.hasOutbound()) {
      Poll p = takePoll();
      if (p != null) {
        respondWithQueue(p);
      }
    }
  }

  @Override
  public void close(@Nullable String reason) {
    Poll p = takePoll();
    if (p != null) {
      if (connection.hasOutbound()) {
        respondWithQueue(p); // the next poll gets 204
      } else {
        respond(p, 204, null);
        connection.terminated(null);
      }
    }
    // Otherwise the next poll collects what is left and then 204 (see onPoll), or the disconnect timeout ends it.
  }

  @Override
  public void abort(Throwable error) {
    endPoll(500);
  }

  @Override
  public void tick(long now) {
    if (poll != null) {
      if (now - pollDeadline >= 0) {
        endPoll(200);
      }
    } else if (now - connection.lastSeenNanos
        >= connection.bridge().transportOptions().disconnectTimeout().toNanos()) {
      connection.terminated(null);
    }
  }

  /** The parked poll's client went away: the connection waits for the next poll (or its disconnect timeout). */
  private record Gone(BridgeConnection connection, Poll p) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      forget();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      forget();
    }

    @Override
    public void onError(AsyncEvent event) {
      forget();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    @SuppressWarnings("ReferenceEquality") // this very poll, not an equal one
    private void forget() {
      connection.onLoop(() -> {
        if (connection.sink() instanceof LongPollingSink sink && sink.poll == p) {
          sink.poll = null;
          connection.lastSeenNanos = System.nanoTime();
        }
      });
    }
  }
}
