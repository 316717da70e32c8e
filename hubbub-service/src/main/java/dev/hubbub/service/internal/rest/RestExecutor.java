package dev.hubbub.service.internal.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubbub.core.OutboundMessage;
import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.protocol.hub.Arguments;
import dev.hubbub.protocol.hub.InvocationMessage;
import dev.hubbub.service.internal.hub.HubDirectory;
import dev.hubbub.service.spi.ServiceLifetimeManager;
import dev.hubbub.transport.TransportRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs each REST operation against its hub's {@link ServiceLifetimeManager}, with one {@link SendTarget} per
 * call built in {@link #target(RestCall)}. The result is the response to send, or a {@link RestException}.
 */
final class RestExecutor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_PAGE_SIZE = 200;

  private final HubDirectory hubs;
  private final AccessTokenIssuer issuer;
  private final int maxBodySize;

  /** What to answer: a status, and a JSON body or none. */
  record Reply(int status, String json) {
    static Reply empty(int status) {
      return new Reply(status, "");
    }
  }

  RestExecutor(HubDirectory hubs, AccessTokenIssuer issuer, int maxBodySize) {
    this.hubs = hubs;
    this.issuer = issuer;
    this.maxBodySize = maxBodySize;
  }

  /** Runs {@code call}; the future fails with a {@link RestException} for every answer but success. */
  CompletableFuture<Reply> execute(RestCall call, TransportRequest request, ByteBuf body) throws RestException {
    ServiceLifetimeManager hub = hubs.hub(call.hub(), call.hub());
    Reply ok = Reply.empty(call.operation().successStatus(call.style()));
    return switch (call.operation()) {
      case BROADCAST, SEND_TO_USER, SEND_TO_CONNECTION, SEND_TO_GROUP -> {
        OutboundMessage message = message(request, body);
        yield hub.send(target(call), message).whenComplete((r, e) -> message.release()).thenApply(r -> ok);
      }
      case CLOSE_ALL_CONNECTIONS, CLOSE_GROUP_CONNECTIONS, CLOSE_USER_CONNECTIONS ->
          hub.close(target(call), call.reason()).thenApply(r -> ok);
      case CLOSE_CONNECTION -> hub.close(target(call), call.reason())
          .thenApply(found -> found ? ok : connectionNotFound(call, "Warning.Connection.NotExisted"));
      case CONNECTION_EXISTS -> hub.connectionExists(call.requiredConnectionId())
          .thenApply(found -> found ? ok : connectionNotFound(call, "Warning.Connection.NotExisted"));
      case GROUP_EXISTS -> hub.groupExists(call.requiredGroup()).thenApply(found -> found ? ok
          : notFound("Warning.Group.NotExisted", "Group '" + call.group() + "' has no connections."));
      case USER_EXISTS -> hub.userExists(call.requiredUser()).thenApply(found -> found ? ok
          : notFound("Warning.User.NotExisted", "User '" + call.user() + "' has no connections."));
      case USER_IN_GROUP -> hub.isUserInGroup(call.requiredUser(), call.requiredGroup()).thenApply(in -> in ? ok
          : notFound("Info.User.NotInGroup", "User '" + call.user() + "' is not in group '" + call.group() + "'."));
      case ADD_CONNECTION_TO_GROUP -> hub.addToGroup(call.requiredConnectionId(), call.requiredGroup())
          .thenApply(found -> found ? ok : connectionNotFound(call, "Error.Connection.NotExisted"));
      case REMOVE_CONNECTION_FROM_GROUP ->
          hub.removeFromGroup(call.requiredConnectionId(), call.requiredGroup()).thenApply(r -> ok);
      case REMOVE_CONNECTION_FROM_ALL_GROUPS ->
          hub.removeFromAllGroups(call.requiredConnectionId()).thenApply(r -> ok);
      case ADD_USER_TO_GROUP -> hub.addUserToGroup(call.requiredUser(), call.requiredGroup(),
          call.ttlSeconds() == null ? null : Duration.ofSeconds(call.ttlSeconds())).thenApply(r -> ok);
      case REMOVE_USER_FROM_GROUP ->
          hub.removeUserFromGroup(call.requiredUser(), call.requiredGroup()).thenApply(r -> ok);
      case REMOVE_USER_FROM_ALL_GROUPS -> hub.removeUserFromGroup(call.requiredUser(), null).thenApply(r -> ok);
      case GENERATE_TOKEN -> CompletableFuture.completedFuture(generateToken(call, request));
      case LIST_GROUP_CONNECTIONS -> listGroup(call, hub, request);
    };
  }

  /** Who a send or close is for. */
  static SendTarget target(RestCall call) {
    return switch (call.operation()) {
      case BROADCAST, CLOSE_ALL_CONNECTIONS -> SendTarget.allExcept(call.excluded());
      case SEND_TO_USER -> SendTarget.user(call.requiredUser());
      case CLOSE_USER_CONNECTIONS -> SendTarget.user(call.requiredUser()).except(call.excluded());
      case SEND_TO_CONNECTION, CLOSE_CONNECTION -> SendTarget.connection(call.requiredConnectionId());
      case SEND_TO_GROUP, CLOSE_GROUP_CONNECTIONS -> SendTarget.groupExcept(call.requiredGroup(), call.excluded());
      default -> throw new IllegalStateException(call.operation() + " has no target");
    };
  }

  private static Reply connectionNotFound(RestCall call, String code) {
    return notFound(code, "Connection '" + call.connectionId() + "' does not exist.");
  }

  private static Reply notFound(String code, String message) {
    throw RestException.notFound(code, message);
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

  private Reply generateToken(RestCall call, TransportRequest request) {
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
        throw RestException.badRequest("Invalid minutesToExpire '" + minutes + "': use a whole number of minutes "
            + "above 0.");
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
    return new Reply(200, JSON.createObjectNode().put("token", token).toString());
  }

  private static CompletableFuture<Reply> listGroup(RestCall call, ServiceLifetimeManager hub,
      TransportRequest request) {
    int pageSize = intParam(call, "maxpagesize", DEFAULT_PAGE_SIZE, 1, 200);
    int top = intParam(call, "top", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    int offset = intParam(call, "continuationToken", 0, 0, Integer.MAX_VALUE);
    return hub.groupMembers(call.requiredGroup()).thenApply(members -> {
      int end = Math.min(members.size(), Math.min(offset + pageSize, top));
      ObjectNode out = JSON.createObjectNode();
      ArrayNode value = out.putArray("value");
      List<ServiceLifetimeManager.Member> page = offset < end ? members.subList(offset, end) : List.of();
      for (ServiceLifetimeManager.Member m : page) {
        ObjectNode item = value.addObject().put("connectionId", m.connectionId());
        if (m.userId() != null) {
          item.put("userId", m.userId());
        }
      }
      if (end < Math.min(members.size(), top)) {
        String host = request.headers().get("Host", "localhost");
        out.put("nextLink", "http://" + host + request.path() + "?maxpagesize=" + pageSize
            + (top == Integer.MAX_VALUE ? "" : "&top=" + top) + "&continuationToken=" + end
            + "&api-version=2024-12-01");
      }
      return new Reply(200, out.toString());
    });
  }

  private static int intParam(RestCall call, String name, int fallback, int min, int max) {
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
}
