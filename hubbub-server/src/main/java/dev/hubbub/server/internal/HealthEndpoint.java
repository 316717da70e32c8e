package dev.hubbub.server.internal;

import dev.hubbub.server.HubServerHealth;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.HttpResponder;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.function.Supplier;

/**
 * The hub server's anonymous health probe on its own listener: {@code GET}/{@code HEAD} on the health path
 * answer 200 with the {@link HubServerHealth} JSON when healthy, 503 with the same body when not; other
 * methods get 405. Everything else that matches no hub gets 404. Runs on an event loop: the health is read
 * from volatile state and never blocks.
 */
public final class HealthEndpoint implements HttpRequestHandler {
  private final String path;
  private final Supplier<HubServerHealth> health;

  /**
   * @param path the health path ({@code /health})
   * @param health the current health
   */
  public HealthEndpoint(String path, Supplier<HubServerHealth> health) {
    this.path = TransportRoute.normalize(path);
    this.health = health;
  }

  @Override
  public void handle(TransportRequest request, ByteBuf body, HttpResponder responder) {
    if (!TransportRoute.normalize(request.path()).equals(path)) {
      responder.respond(404);
      return;
    }
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      HttpHeaders h = new DefaultHttpHeaders();
      h.set(HttpHeaderNames.ALLOW, "GET, HEAD");
      responder.respond(405, h, responder.alloc().buffer(0));
      return;
    }
    HubServerHealth now = health.get();
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store, no-cache");
    // For HEAD, Netty's server codec drops the body and keeps its Content-Length, as a HEAD response should.
    responder.respond(now.healthy() ? 200 : 503, h, ByteBufUtil.writeUtf8(responder.alloc(), now.toJson()));
  }
}
