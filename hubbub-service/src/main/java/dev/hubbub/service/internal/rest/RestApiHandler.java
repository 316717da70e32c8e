package dev.hubbub.service.internal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.InvalidAccessTokenException;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.service.internal.auth.TokenAuthenticator;
import dev.hubbub.service.internal.hub.ClientConnectionHandler;
import dev.hubbub.service.internal.hub.ClientSession;
import dev.hubbub.service.internal.hub.HubDirectory;
import dev.hubbub.service.internal.hub.HubState;
import dev.hubbub.service.internal.hub.OutboundMessage;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.HttpResponder;
import dev.hubbub.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane REST API on the service's port: anonymous health probes, then every route of
 * {@link RestRouter} authenticated with an access token, executed against the hubs.
 *
 * <p>Status codes and {@code x-ms-error-code} values are the ones Azure SignalR Service documents and its
 * management SDK relies on (a 404 is only tolerated with the right code). Sends to a hub nobody ever
 * connected to are accepted and do nothing, as the service does.
 */
public final class RestApiHandler implements HttpRequestHandler {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.service.rest");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_PAGE_SIZE = 200;

  private final HubDirectory hubs;
  private final TokenAuthenticator authenticator;
  private final AccessTokenIssuer issuer;
  private final ServiceTelemetry telemetry;
  private final int maxBodySize;

  public RestApiHandler(HubDirectory hubs, TokenAuthenticator authenticator, AccessTokenIssuer issuer,
      ServiceTelemetry telemetry, int maxBodySize) {
    this.maxBodySize = maxBodySize;
    this.hubs = hubs;
    this.authenticator = authenticator;
    this.issuer = issuer;
    this.telemetry = telemetry;
  }

  @Override
  public void handle(TransportRequest request, ByteBuf body, HttpResponder responder) {
    String method = request.method();
    String route = RestRouter.template(request.path());
    Span span = telemetry.restStarted(method, route);
    try (Scope ignored = span.makeCurrent()) {
      handle(request, body, new MeasuredResponder(responder, span, method, route), span);
    }
  }

  /** Ends the span and counts the request when the response goes out, whatever path produced it. */
  private final class MeasuredResponder implements HttpResponder {
    private final HttpResponder delegate;
    private final Span span;
    private final String method;
    private final String route;
    private final AtomicBoolean done = new AtomicBoolean();

    MeasuredResponder(HttpResponder delegate, Span span, String method, String route) {
      this.delegate = delegate;
      this.span = span;
      this.method = method;
      this.route = route;
    }

    private void record(int status) {
      if (done.compareAndSet(false, true)) {
        telemetry.restDone(span, method, route, status);
      }
    }

    @Override
    public io.netty.buffer.ByteBufAllocator alloc() {
      return delegate.alloc();
    }

    @Override
    public void respond(int status, HttpHeaders headers, ByteBuf body) {
      record(status);
      delegate.respond(status, headers, body);
    }

    @Override
    public void respond(int status) {
      record(status);
      delegate.respond(status);
    }

    @Override
    public void respond(int status, String contentType, String body) {
      record(status);
      delegate.respond(status, contentType, body);
    }
  }

  private void handle(TransportRequest request, ByteBuf body, HttpResponder responder, Span span) {
    String method = request.method();
    String path = request.path();
    if (isHealth(path)) {
      if (method.equals("GET") || method.equals("HEAD")) {
        responder.respond(200);
      } else {
        responder.respond(405);
      }
      return;
    }
    RestCall call;
    try {
      call = RestRouter.route(method, request.rawPath(), request.query());
      if (call == null) {
        log.debug("No REST route for {} {}", method, path);
        responder.respond(404);
        return;
      }
      span.setAttribute(ServiceTelemetry.HUB, call.hub());
      span.setAttribute(ServiceTelemetry.OPERATION, call.operation().name());
      try {
        authenticator.verify(request);
      } catch (InvalidAccessTokenException e) {
        log.info("Rejected {} {}: {}", method, path, e.getMessage());
        responder.respond(401);
        return;
      }
      execute(call, request, body, responder);
    } catch (RestException e) {
      if (e.status() >= 500 || e.status() == 400 || e.status() == 413 || e.status() == 415) {
        log.info("{} {} answered {}: {}", method, path, e.status(), e.getMessage());
      }
      error(responder, method, e);
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      error(responder, method, new RestException(500, "Error.Server.Internal", "Internal error: " + e.getMessage()));
    }
  }

  private static boolean isHealth(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals("/api/health") || p.equals("/api/v1/health");
  }

  private void execute(RestCall call, TransportRequest request, ByteBuf body, HttpResponder responder)
      throws RestException {
    HubState<ClientSession> hub = hubs.find(call.hub());
    int ok = call.operation().successStatus(call.style());
    switch (call.operation()) {
      case BROADCAST, SEND_TO_USER, SEND_TO_CONNECTION, SEND_TO_GROUP -> {
        OutboundMessage message = message(request, body);
        try {
          if (hub != null) {
            send(call, hub, message);
          }
        } finally {
          message.release();
        }
        responder.respond(ok);
      }
      case CLOSE_ALL_CONNECTIONS -> {
        if (hub != null) {
          for (ClientSession s : hub.connections()) {
            if (!call.excluded().contains(s.connectionId())) {
              ClientConnectionHandler.close(s, call.reason(), false);
            }
          }
        }
        responder.respond(ok);
      }
      case CLOSE_GROUP_CONNECTIONS -> {
        if (hub != null) {
          hub.forEachInGroup(call.group(), call.excluded(), s -> ClientConnectionHandler.close(s, call.reason(), false));
        }
        responder.respond(ok);
      }
      case CLOSE_USER_CONNECTIONS -> {
        if (hub != null) {
          for (ClientSession s : hub.userConnections(call.user())) {
            if (!call.excluded().contains(s.connectionId())) {
              ClientConnectionHandler.close(s, call.reason(), false);
            }
          }
        }
        responder.respond(ok);
      }
      case CLOSE_CONNECTION -> {
        ClientSession s = hub == null ? null : hub.connection(call.connectionId());
        if (s == null) {
          throw RestException.notFound("Warning.Connection.NotExisted", "Connection '" + call.connectionId() + "' does not exist.");
        }
        ClientConnectionHandler.close(s, call.reason(), false);
        responder.respond(ok);
      }
      case CONNECTION_EXISTS -> {
        if (hub == null || hub.connection(call.connectionId()) == null) {
          throw RestException.notFound("Warning.Connection.NotExisted", "Connection '" + call.connectionId() + "' does not exist.");
        }
        responder.respond(ok);
      }
      case GROUP_EXISTS -> {
        if (hub == null || !hub.groupHasConnections(call.group())) {
          throw RestException.notFound("Warning.Group.NotExisted", "Group '" + call.group() + "' has no connections.");
        }
        responder.respond(ok);
      }
      case USER_EXISTS -> {
        if (hub == null || hub.userConnections(call.user()).isEmpty()) {
          throw RestException.notFound("Warning.User.NotExisted", "User '" + call.user() + "' has no connections.");
        }
        responder.respond(ok);
      }
      case ADD_CONNECTION_TO_GROUP -> {
        if (hub == null || !hub.addToGroup(call.connectionId(), call.group())) {
          throw RestException.notFound("Error.Connection.NotExisted", "Connection '" + call.connectionId() + "' does not exist.");
        }
        responder.respond(ok);
      }
      case REMOVE_CONNECTION_FROM_GROUP -> {
        if (hub != null) {
          hub.removeFromGroup(call.connectionId(), call.group());
        }
        responder.respond(ok);
      }
      case REMOVE_CONNECTION_FROM_ALL_GROUPS -> {
        if (hub != null) {
          hub.removeFromAllGroups(call.connectionId());
        }
        responder.respond(ok);
      }
      case USER_IN_GROUP -> {
        if (hub == null || !hub.isUserInGroup(call.user(), call.group())) {
          throw RestException.notFound("Info.User.NotInGroup", "User '" + call.user() + "' is not in group '" + call.group() + "'.");
        }
        responder.respond(ok);
      }
      case ADD_USER_TO_GROUP -> {
        hubs.hub(call.hub(), call.hub()).addUserToGroup(call.user(), call.group(), call.ttlSeconds());
        responder.respond(ok);
      }
      case REMOVE_USER_FROM_GROUP -> {
        if (hub != null) {
          hub.removeUserFromGroup(call.user(), call.group());
        }
        responder.respond(ok);
      }
      case REMOVE_USER_FROM_ALL_GROUPS -> {
        if (hub != null) {
          hub.removeUserFromAllGroups(call.user());
        }
        responder.respond(ok);
      }
      case GENERATE_TOKEN -> generateToken(call, request, responder);
      case LIST_GROUP_CONNECTIONS -> listGroup(call, hub, request, responder);
    }
  }

  private static void send(RestCall call, HubState<ClientSession> hub, OutboundMessage message) {
    switch (call.operation()) {
      case BROADCAST -> {
        for (ClientSession s : hub.connections()) {
          if (!call.excluded().contains(s.connectionId())) {
            message.sendTo(s);
          }
        }
      }
      case SEND_TO_USER -> {
        for (ClientSession s : hub.userConnections(call.user())) {
          message.sendTo(s);
        }
      }
      case SEND_TO_CONNECTION -> {
        ClientSession s = hub.connection(call.connectionId());
        if (s != null) {
          message.sendTo(s);
        }
      }
      case SEND_TO_GROUP -> hub.forEachInGroup(call.group(), call.excluded(), message::sendTo);
      default -> throw new IllegalStateException(call.operation().name());
    }
  }

  private OutboundMessage message(TransportRequest request, ByteBuf body) throws RestException {
    if (body.readableBytes() > maxBodySize) {
      throw new RestException(413, "Error.Request.TooLarge", "The request body is " + body.readableBytes()
          + " bytes; the limit is " + maxBodySize + " bytes (ServiceOptions.maxRestBodySize). Send less per request.");
    }
    byte[] bytes = ByteBufUtil.getBytes(body);
    RestMessage parsed = RestMessage.parse(request.headers().get("Content-Type"), bytes, maxBodySize);
    if (parsed instanceof RestMessage.PreEncoded pre) {
      return OutboundMessage.preEncoded(pre.payloads());
    }
    RestMessage.Json json = (RestMessage.Json) parsed;
    try {
      Arguments arguments = Arguments.ofJsonArray(JSON.writeValueAsBytes(json.arguments()));
      return OutboundMessage.of(new InvocationMessage(json.target(), arguments));
    } catch (ProtocolException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw RestException.badRequest("The message arguments could not be read: " + e.getMessage());
    }
  }

  private void generateToken(RestCall call, TransportRequest request, HttpResponder responder) throws RestException {
    String userId = call.queryValue("userId");
    String minutes = call.queryValue("minutesToExpire");
    Duration lifetime = Duration.ofMinutes(60);
    if (minutes != null) {
      try {
        int m = Integer.parseInt(minutes);
        if (m <= 0) {
          throw new NumberFormatException();
        }
        lifetime = Duration.ofMinutes(m);
      } catch (NumberFormatException e) {
        throw RestException.badRequest("Invalid minutesToExpire '" + minutes + "': use a whole number of minutes above 0.");
      }
    }
    TokenClaims.Builder claims = TokenClaims.builder();
    if (userId != null && !userId.isEmpty()) {
      claims.nameId(userId);
    }
    String host = request.headers().get("Host", "localhost");
    int colon = host.lastIndexOf(':');
    String audienceHost = colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    String token = issuer.issue("http://" + audienceHost + "/client/?hub=" + call.hub(), claims.build(), lifetime);
    ObjectNode out = JSON.createObjectNode().put("token", token);
    json(responder, 200, out.toString());
  }

  private static void listGroup(RestCall call, @Nullable HubState<ClientSession> hub, TransportRequest request,
      HttpResponder responder) throws RestException {
    int pageSize = intParam(call, "maxpagesize", DEFAULT_PAGE_SIZE, 1, 200);
    int top = intParam(call, "top", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    int offset = intParam(call, "continuationToken", 0, 0, Integer.MAX_VALUE);
    List<ClientSession> members = hub == null ? List.of() : new ArrayList<>(hub.groupMembers(call.group()));
    members.sort((a, b) -> a.connectionId().compareTo(b.connectionId()));
    int end = Math.min(members.size(), Math.min(offset + pageSize, top));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode value = out.putArray("value");
    for (int i = offset; i < end; i++) {
      ObjectNode item = value.addObject().put("connectionId", members.get(i).connectionId());
      if (members.get(i).userId() != null) {
        item.put("userId", members.get(i).userId());
      }
    }
    if (end < Math.min(members.size(), top)) {
      String host = request.headers().get("Host", "localhost");
      out.put("nextLink", "http://" + host + request.path() + "?maxpagesize=" + pageSize
          + (top == Integer.MAX_VALUE ? "" : "&top=" + top) + "&continuationToken=" + end
          + "&api-version=2024-12-01");
    }
    json(responder, 200, out.toString());
  }

  private static int intParam(RestCall call, String name, int fallback, int min, int max) throws RestException {
    String raw = call.queryValue(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw RestException.badRequest("Invalid " + name + " '" + raw + "': use a whole number from " + min
          + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ".");
    }
  }

  private static void json(HttpResponder responder, int status, String body) {
    HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "application/json; charset=utf-8");
    responder.respond(status, headers, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
  }

  private static void error(HttpResponder responder, String method, RestException e) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (e.errorCode() != null) {
      headers.set("x-ms-error-code", e.errorCode());
    }
    if (method.equals("HEAD")) {
      responder.respond(e.status(), headers, Unpooled.EMPTY_BUFFER);
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("code", e.errorCode() == null ? "Error.Request.Invalid" : e.errorCode());
    body.put("message", e.getMessage());
    headers.set("Content-Type", "application/json; charset=utf-8");
    responder.respond(e.status(), headers, Unpooled.copiedBuffer(body.toString(), StandardCharsets.UTF_8));
  }
}
