package dev.hubbub.server.internal;

import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.HttpResponder;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportRoute;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The hub server's plain HTTP requests (those that are no hub's): each goes to the handler whose path is the
 * longest prefix of the request's path on a segment boundary ({@code /api} serves {@code /api} and
 * {@code /api/items}, not {@code /apix}); paths compare as the transport compares them (ignoring case and trailing
 * slashes). Anything else gets 404.
 */
public final class HttpRoutes implements HttpRequestHandler {
  private record Route(String prefix, HttpRequestHandler handler) {}

  private final List<Route> routes;

  /** @param handlers by path (each starting with {@code /}; {@code /} alone serves everything unmatched) */
  public HttpRoutes(Map<String, HttpRequestHandler> handlers) {
    List<Route> list = new ArrayList<>();
    handlers.forEach((path, handler) -> list.add(new Route(TransportRoute.normalize(path), handler)));
    list.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    this.routes = List.copyOf(list);
  }

  @Override
  public void handle(TransportRequest request, ByteBuf body, HttpResponder responder) {
    String path = TransportRoute.normalize(request.path());
    for (Route route : routes) {
      if (covers(route.prefix(), path)) {
        route.handler().handle(request, body, responder);
        return;
      }
    }
    responder.respond(404);
  }

  /**
   * Whether a route at {@code prefix} serves {@code path} (both normalized): the path itself or below it on a
   * segment boundary; the root prefix {@code ""} serves everything.
   */
  public static boolean covers(String prefix, String path) {
    return prefix.isEmpty() || path.equals(prefix)
        || (path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
  }
}
