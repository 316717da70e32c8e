package dev.hubbub.transport;

import dev.hubbub.transport.internal.Uris;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of an HTTP request's head: method, path, query, headers and peer address.
 * Query keys are case-insensitive, as in ASP.NET Core.
 */
public final class TransportRequest {

  private final String method;
  private final String uri;
  private final HttpHeaders headers;
  private final @Nullable SocketAddress remoteAddress;
  // Worked out on first use (most requests never ask): a connection keeps its request for its lifetime.
  private volatile @Nullable Map<String, List<String>> query;
  // Worked out on first use; several parts of a server ask for the path of one request. A racy cache: every
  // thread works out the same immutable string.
  private @Nullable String path;

  /**
   * @param method the HTTP method, upper case
   * @param uri the request target as sent ({@code /client/negotiate?hub=chat})
   * @param headers the headers; copied
   * @param remoteAddress the peer, or null if unknown
   */
  public TransportRequest(String method, String uri, HttpHeaders headers,
      @Nullable SocketAddress remoteAddress) {
    this(method, uri, remoteAddress, headers.isEmpty() ? EmptyHttpHeaders.INSTANCE
        : new ReadOnlyHttpHeaders(false, toArray(headers)));
  }

  private TransportRequest(String method, String uri, @Nullable SocketAddress remoteAddress,
      HttpHeaders readOnlyHeaders) {
    this.method = method;
    this.uri = uri;
    this.headers = readOnlyHeaders;
    this.remoteAddress = remoteAddress;
  }

  /**
   * This request without its headers (method, URI, query and peer address stay): what a connection keeps
   * once its transport has started, so that an idle connection does not hold the upgrade request's headers
   * (an {@code Authorization} token among them).
   */
  public TransportRequest withoutHeaders() {
    return headers.isEmpty() ? this : new TransportRequest(method, uri, remoteAddress, EmptyHttpHeaders.INSTANCE);
  }

  private static CharSequence[] toArray(HttpHeaders headers) {
    CharSequence[] pairs = new CharSequence[headers.size() * 2];
    int i = 0;
    // As the decoder made them (names AsciiString, values String), not turned into Strings: no garbage.
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      pairs[i++] = e.getKey();
      pairs[i++] = e.getValue();
    }
    return pairs;
  }

  /** The HTTP method, for example {@code POST}. */
  public String method() {
    return method;
  }

  /** The request target as sent, with the query string. */
  public String uri() {
    return uri;
  }

  /**
   * The decoded path without the query string (of an absolute-form target {@code http://host/p}, its path
   * {@code /p}); a stray {@code %} stays as text. A target that is not a path (such as {@code *}) is
   * returned as it is.
   */
  public String path() {
    String p = path;
    if (p == null) {
      String decoded = Uris.decodedPath(uri);
      p = decoded == null ? uri : decoded;
      path = p;
    }
    return p;
  }

  /**
   * The path as sent, still percent-encoded, without the query string. Use it where an escaped {@code /}
   * inside a segment must stay part of that segment (REST routes with names such as {@code room%2F2}).
   */
  public String rawPath() {
    return Uris.rawPath(uri);
  }

  /** Decoded query parameters; keys case-insensitive; read-only. */
  public Map<String, List<String>> query() {
    Map<String, List<String>> q = query;
    if (q == null) {
      q = uri.indexOf('?') < 0 ? Map.of() : decodeQuery(uri);
      query = q;
    }
    return q;
  }

  private static Map<String, List<String>> decodeQuery(String uri) {
    TreeMap<String, List<String>> q = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    // A stray '%' (not an escape) is kept as text, as ASP.NET Core does; Netty's decoder would throw.
    for (Map.Entry<String, List<String>> e
        : new QueryStringDecoder(Uris.escapeStrayPercents(uri)).parameters().entrySet()) {
      q.merge(e.getKey(), List.copyOf(e.getValue()), (a, b) -> {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
      });
    }
    return Collections.unmodifiableMap(q);
  }

  /**
   * Where the query starts (after its {@code ?}) when it is plain ({@link PlainQuery}) and no map of it has been
   * made yet; else -1, and the map answers (for a target without a query, an empty one).
   */
  private int plainQueryStart() {
    if (query != null) {
      return -1;
    }
    int question = uri.indexOf('?');
    return question >= 0 && uri.indexOf('#') < 0 && PlainQuery.isPlain(uri, question + 1) ? question + 1 : -1;
  }

  /** The first value of a query parameter (case-insensitive key), or null. */
  public @Nullable String queryParam(String name) {
    // A connection asks for a parameter or two (its id, its hub) once: a plain query is read in place.
    int from = PlainQuery.isPlainKey(name) ? plainQueryStart() : -1;
    if (from >= 0) {
      return PlainQuery.firstValue(uri, from, name);
    }
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The headers, read-only. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of a header (case-insensitive name), or null. */
  public @Nullable String header(CharSequence name) {
    return headers.get(name);
  }

  /** The peer's address, or null if unknown. */
  public @Nullable SocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The peer's IP address as text ({@code 127.0.0.1}, {@code ::1}), or null if unknown. */
  public @Nullable String remoteIp() {
    return remoteAddress instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : null;
  }

  /**
   * The access token where the official clients put it: {@code Authorization: Bearer <t>}, else the
   * {@code access_token} query parameter (browsers' WebSockets and all SSE). Null when neither is set.
   */
  public @Nullable String accessToken() {
    String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = auth.substring(7).trim();
      if (!token.isEmpty()) {
        return token;
      }
    }
    // Azure SignalR Service takes the last access_token when a URL carries several.
    int from = plainQueryStart();
    if (from >= 0 && PlainQuery.spelledOneWay(uri, from, "access_token")) {
      return PlainQuery.lastValue(uri, from, "access_token");
    }
    List<String> values = query().get("access_token");
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public String toString() {
    return method + " " + path() + " from " + remoteAddress;
  }
}
