package dev.hubbub.management.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One data-plane REST call, before a token is attached.
 *
 * @param operation the operation name for logs, spans and error messages, e.g. {@code SendToGroup}
 * @param method the HTTP method
 * @param routeTemplate the route with placeholders, e.g. {@code /api/hubs/{hub}/groups/{group}/:send}
 * @param pathAndQuery the encoded path and query, e.g. {@code /api/hubs/chat/groups/a%20b/:send?api-version=2022-06-01}
 * @param path the encoded path alone (the token audience is built from it)
 * @param body the JSON body, or null for none
 * @param tolerated404 the {@code x-ms-error-code} with which a 404 is an expected answer, or null
 * @param idempotent whether the call may be repeated after a response or an ambiguous failure
 */
public record RestRequest(String operation, String method, String routeTemplate, String pathAndQuery, String path,
    byte @Nullable [] body, @Nullable String tolerated404, boolean idempotent) {

  /** The REST API version every route is called with. */
  public static final String API_VERSION = "2022-06-01";

  /** A builder for {@code method} on the route under {@code /api/hubs/{hub}} for {@code hub}. */
  static Builder hub(String operation, String method, HubRef hub) {
    Builder b = new Builder(operation, method).literal("/api/hubs/").segment("{hub}", hub.hub());
    if (hub.application() != null) {
      b.query("application", hub.application());
    }
    return b;
  }

  /** A builder for a route outside any hub, such as health. */
  static Builder root(String operation, String method, String path) {
    return new Builder(operation, method).literal(path);
  }

  /** Assembles a request; path segments and query values are percent-encoded. */
  static final class Builder {
    private final String operation;
    private final String method;
    private final StringBuilder template = new StringBuilder();
    private final StringBuilder path = new StringBuilder();
    private final List<String> query = new ArrayList<>();
    private byte @Nullable [] body;
    private @Nullable String tolerated404;
    private boolean idempotent;

    private Builder(String operation, String method) {
      this.operation = operation;
      this.method = method;
      // PUT, DELETE, HEAD and GET have the same effect when repeated; POST (sends, closes) may not
      this.idempotent = !method.equals("POST");
    }

    Builder literal(String text) {
      template.append(text);
      path.append(text);
      return this;
    }

    Builder segment(String placeholder, String value) {
      template.append(placeholder);
      path.append(encode(value));
      return this;
    }

    Builder query(String name, String value) {
      query.add(name + "=" + encode(value));
      return this;
    }

    Builder queryAll(String name, List<String> values) {
      values.forEach(v -> query(name, v));
      return this;
    }

    Builder queryIfPresent(String name, @Nullable String value) {
      return value == null ? this : query(name, value);
    }

    Builder body(byte[] json) {
      this.body = json;
      return this;
    }

    Builder tolerate404(String errorCode) {
      this.tolerated404 = errorCode;
      return this;
    }

    RestRequest build() {
      List<String> q = new ArrayList<>(query);
      q.add("api-version=" + API_VERSION);
      String p = path.toString();
      return new RestRequest(operation, method, template.toString(), p + "?" + String.join("&", q), p, body,
          tolerated404, idempotent);
    }
  }

  /** Percent-encodes a path segment or query value: everything but letters, digits and {@code -._~}. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }
}
