package dev.hubbub.service.internal.rest;

import static dev.hubbub.service.internal.rest.RestOperation.*;

import dev.hubbub.service.internal.rest.RestOperation.ApiStyle;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a request line of the data-plane REST API to a {@link RestCall}.
 *
 * <p>Every route is served under both {@code /api/v1/hubs/{hub}} and {@code /api/hubs/{hub}} (the
 * {@code api-version} query parameter is accepted and not required); send routes answer with and without
 * the {@code /:send} suffix; membership routes answer in both orders ({@code /groups/{g}/users/{u}} and
 * {@code /users/{u}/groups/{g}}, likewise for connections), as Azure SignalR's own emulator does. Path
 * segments are percent-decoded one by one, so names may contain escaped {@code /}.
 */
public final class RestRouter {
  private static final String SEND = ":send";
  private static final String CLOSE = ":closeconnections";

  private RestRouter() {}

  /**
   * Routes a request.
   *
   * @param method the HTTP method, upper case
   * @param rawPath the path as sent, still percent-encoded, without the query
   * @param query the decoded query parameters
   * @return the call, or null when the path is not a REST API hub route (the caller answers 404)
   * @throws RestException 405 for a known path with another method, 400 for an invalid name or value
   */
  public static @Nullable RestCall route(String method, String rawPath, Map<String, List<String>> query)
      throws RestException {
    List<String> s = segments(rawPath);
    ApiStyle style;
    int i;
    if (s.size() >= 3 && eq(s.get(0), "api") && eq(s.get(1), "hubs")) {
      style = ApiStyle.VERSIONED;
      i = 2;
    } else if (s.size() >= 4 && eq(s.get(0), "api") && eq(s.get(1), "v1") && eq(s.get(2), "hubs")) {
      style = ApiStyle.V1;
      i = 3;
    } else {
      return null;
    }
    String hub = NameRules.hub(s.get(i)).toLowerCase(Locale.ROOT);
    String application = first(query, "application");
    if (application != null) {
      hub = NameRules.application(application).toLowerCase(Locale.ROOT) + "_" + hub;
    }
    List<String> rest = s.subList(i + 1, s.size());
    Target t = match(method, rest);
    if (t == null) {
      return null;
    }
    if (t.operation == null) {
      throw new RestException(405, null, "Method " + method + " is not allowed on " + rawPath + ".");
    }
    return new RestCall(t.operation, style, hub,
        t.user == null ? null : NameRules.user(t.user),
        t.group == null ? null : NameRules.group(t.group),
        t.connection == null ? null : NameRules.connection(t.connection),
        all(query, "excluded"),
        first(query, "reason"),
        ttl(query),
        query);
  }

  /**
   * The route template of a request path for span names and metric attributes, with the names replaced:
   * {@code /api/hubs/{hub}/groups/{group}/:send}. Paths that are not API routes give {@code unknown}, so
   * that scanners cannot blow up the metric's cardinality.
   */
  public static String template(String rawPath) {
    List<String> s = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        s.add(part);
      }
    }
    StringBuilder out = new StringBuilder();
    int i;
    if (s.size() >= 2 && eq(s.get(0), "api") && eq(s.get(1), "health")) {
      return s.size() == 2 ? "/api/health" : "unknown";
    } else if (s.size() >= 3 && eq(s.get(0), "api") && eq(s.get(1), "v1") && eq(s.get(2), "health")) {
      return s.size() == 3 ? "/api/v1/health" : "unknown";
    } else if (s.size() >= 3 && eq(s.get(0), "api") && eq(s.get(1), "hubs")) {
      out.append("/api/hubs/{hub}");
      i = 3;
    } else if (s.size() >= 4 && eq(s.get(0), "api") && eq(s.get(1), "v1") && eq(s.get(2), "hubs")) {
      out.append("/api/v1/hubs/{hub}");
      i = 4;
    } else {
      return "unknown";
    }
    if (s.size() - i > 4) {
      return "unknown";
    }
    String previous = "";
    for (; i < s.size(); i++) {
      String segment = s.get(i).toLowerCase(Locale.ROOT);
      String name = switch (previous) {
        case "users" -> "{user}";
        case "groups" -> "{group}";
        case "connections" -> "{connectionId}";
        default -> null;
      };
      if (name != null) {
        out.append('/').append(name);
        previous = "";
      } else if (segment.equals("users") || segment.equals("groups") || segment.equals("connections")
          || segment.equals(SEND) || segment.equals(CLOSE) || segment.equals(":generatetoken")) {
        out.append('/').append(segment.equals(CLOSE) ? ":closeConnections"
            : segment.equals(":generatetoken") ? ":generateToken" : segment);
        previous = segment;
      } else {
        return "unknown";
      }
    }
    return out.toString();
  }

  private record Target(@Nullable RestOperation operation, @Nullable String user, @Nullable String group,
      @Nullable String connection) {}

  private static @Nullable Target match(String method, List<String> r) {
    int n = r.size();
    boolean post = method.equals("POST");
    boolean put = method.equals("PUT");
    boolean delete = method.equals("DELETE");
    boolean check = method.equals("HEAD") || method.equals("GET");
    if (n == 0) {
      return new Target(post ? BROADCAST : null, null, null, null);
    }
    String a = r.get(0).toLowerCase(Locale.ROOT);
    if (n == 1) {
      return switch (a) {
        case SEND -> new Target(post ? BROADCAST : null, null, null, null);
        case CLOSE -> new Target(post ? CLOSE_ALL_CONNECTIONS : null, null, null, null);
        case ":generatetoken" -> new Target(post ? GENERATE_TOKEN : null, null, null, null);
        default -> null;
      };
    }
    String id = r.get(1);
    switch (a) {
      case "users":
        if (n == 2) {
          return new Target(post ? SEND_TO_USER : check ? USER_EXISTS : null, id, null, null);
        }
        if (n == 3 && eq(r.get(2), SEND)) {
          return new Target(post ? SEND_TO_USER : null, id, null, null);
        }
        if (n == 3 && eq(r.get(2), CLOSE)) {
          return new Target(post ? CLOSE_USER_CONNECTIONS : null, id, null, null);
        }
        if (n == 3 && eq(r.get(2), "groups")) {
          return new Target(delete ? REMOVE_USER_FROM_ALL_GROUPS : null, id, null, null);
        }
        if (n == 4 && eq(r.get(2), "groups")) {
          return userGroup(method, id, r.get(3));
        }
        return null;
      case "groups":
        if (n == 2) {
          return new Target(post ? SEND_TO_GROUP : check ? GROUP_EXISTS : null, null, id, null);
        }
        if (n == 3 && eq(r.get(2), SEND)) {
          return new Target(post ? SEND_TO_GROUP : null, null, id, null);
        }
        if (n == 3 && eq(r.get(2), CLOSE)) {
          return new Target(post ? CLOSE_GROUP_CONNECTIONS : null, null, id, null);
        }
        if (n == 3 && eq(r.get(2), "connections")) {
          return new Target(method.equals("GET") ? LIST_GROUP_CONNECTIONS : null, null, id, null);
        }
        if (n == 4 && eq(r.get(2), "connections")) {
          return connectionGroup(put, delete, r.get(3), id);
        }
        if (n == 4 && eq(r.get(2), "users")) {
          return userGroup(method, r.get(3), id);
        }
        return null;
      case "connections":
        if (n == 2) {
          return new Target(post ? SEND_TO_CONNECTION : delete ? CLOSE_CONNECTION : check ? CONNECTION_EXISTS : null,
              null, null, id);
        }
        if (n == 3 && eq(r.get(2), SEND)) {
          return new Target(post ? SEND_TO_CONNECTION : null, null, null, id);
        }
        if (n == 3 && eq(r.get(2), "groups")) {
          return new Target(delete ? REMOVE_CONNECTION_FROM_ALL_GROUPS : null, null, null, id);
        }
        if (n == 4 && eq(r.get(2), "groups")) {
          return connectionGroup(put, delete, id, r.get(3));
        }
        return null;
      default:
        return null;
    }
  }

  private static Target userGroup(String method, String user, String group) {
    RestOperation op = switch (method) {
      case "PUT" -> ADD_USER_TO_GROUP;
      case "DELETE" -> REMOVE_USER_FROM_GROUP;
      case "HEAD", "GET" -> USER_IN_GROUP;
      default -> null;
    };
    return new Target(op, user, group, null);
  }

  private static Target connectionGroup(boolean put, boolean delete, String connection, String group) {
    return new Target(put ? ADD_CONNECTION_TO_GROUP : delete ? REMOVE_CONNECTION_FROM_GROUP : null,
        null, group, connection);
  }

  private static @Nullable Integer ttl(Map<String, List<String>> query) throws RestException {
    String ttl = first(query, "ttl");
    if (ttl == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(ttl.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw RestException.badRequest("Invalid ttl '" + ttl + "'. The ttl must be a whole number of seconds, 0 or more.");
    }
  }

  static @Nullable String first(Map<String, List<String>> query, String name) {
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static List<String> all(Map<String, List<String>> query, String name) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        values.addAll(e.getValue());
      }
    }
    return List.copyOf(values);
  }

  private static boolean eq(String segment, String literal) {
    return segment.equalsIgnoreCase(literal);
  }

  private static List<String> segments(String rawPath) throws RestException {
    List<String> out = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        try {
          // '+' is a literal plus in a path, unlike in a query
          out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw RestException.badRequest("The path segment '" + part + "' has a malformed percent escape.");
        }
      }
    }
    return out;
  }
}
