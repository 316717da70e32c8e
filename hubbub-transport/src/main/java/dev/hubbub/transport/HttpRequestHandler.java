package dev.hubbub.transport;

import io.netty.buffer.ByteBuf;

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
}
