package dev.hubbub.transport;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * Serves plain HTTP requests whose paths are not a transport route (the service's {@code /api/...}
 * REST API and {@code /api/health}) on the same port.
 *
 * <p>Runs on an event loop with the whole request body aggregated (at most
 * {@link TransportOptions#maxHttpRequestBytes()}, else 413 is sent without calling the handler).
 * Do not block: answer at once, or hand the work to another thread and answer from there through
 * the thread-safe {@link HttpResponder}.
 */
@FunctionalInterface
public interface HttpRequestHandler {

  /** Answers 404 with an empty body to everything. */
  HttpRequestHandler NOT_FOUND = (request, body, responder) -> responder.respond(404);

  /**
   * @param request the request head
   * @param body the body, valid only during the call: copy or {@link ByteBuf#retain()} it to keep it
   * @param responder answers the request exactly once, from any thread
   */
  void handle(TransportRequest request, ByteBuf body, HttpResponder responder);

  /**
   * Runs {@code handler} on {@code executor} instead of the event loop, for handlers that block (a database call,
   * a file read): the body stays valid until the handler returns. When the executor refuses the task the client
   * gets 503 with a reason.
   */
  static HttpRequestHandler onExecutor(Executor executor, HttpRequestHandler handler) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(handler, "handler");
    return (request, body, responder) -> {
      ByteBuf held = body.retain();
      try {
        executor.execute(() -> {
          try {
            handler.handle(request, held, responder);
          } catch (RuntimeException e) {
            // answered rather than left hanging (a no-op when the handler answered before it threw)
            LoggerFactory.getLogger(HttpRequestHandler.class).warn("{} failed", request, e);
            responder.respond(500);
          } finally {
            held.release();
          }
        });
      } catch (RejectedExecutionException e) {
        held.release();
        responder.respond(503, "text/plain; charset=utf-8",
            "The server is too busy to take this request now (its executor refused it); try again later.");
      }
    };
  }
}
