package dev.hubbub.server;

import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportType;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP request that started a hub connection, as a hub method or {@link Hub#onConnected()} sees it through
 * {@link HubCallerContext#httpRequest()}: ASP.NET Core's {@code Context.GetHttpContext().Request} plus the
 * connection's remote address and {@code IHttpTransportFeature.TransportType}.
 *
 * <p>Self-hosted, it is the request that started the transport: the WebSocket upgrade, the Server-Sent Events
 * {@code GET}, or the first long poll (as ASP.NET Core keeps a copy of the first poll). Behind a SignalR service
 * it is what the service forwards when the client connects, read as Azure's SDK reads it: the headers (never
 * {@code Authorization}: the service keeps the token, and the claims arrive as the user), the query string the
 * client sent to the service, the app's original path from {@code asrs.op}, and the remote address from the
 * first {@code X-Forwarded-For} entry; the transport is not forwarded there, so {@link #transport()} is null.
 *
 * <p>Which headers a connection keeps for its lifetime is {@link HubServer.Builder#retainRequestHeaders}
 * (by default all but the hop-by-hop headers and the WebSocket handshake's, which ASP.NET Core keeps too).
 * Immutable and thread-safe. {@link #toString()} shows the path, the
 * transport and the header names only: values (cookies and tokens among them) never reach a log line through it.
 */
public final class HubHttpRequest {
  private final String path;
  private final String queryString;
  /** The retained headers, name and value after name, packed ({@link PackedHeaders}); decoded on each read. */
  private final byte[] headers;
  private final @Nullable InetSocketAddress remoteAddress;
  private final @Nullable TransportType transport;
  private volatile @Nullable Map<String, List<String>> query;

  private HubHttpRequest(String path, String queryString, byte[] headers,
      @Nullable InetSocketAddress remoteAddress, @Nullable TransportType transport) {
    this.path = path;
    this.queryString = queryString;
    this.headers = headers;
    this.remoteAddress = remoteAddress;
    this.transport = transport;
  }

  /**
   * A request from its parts (for tests of hub code, and for hosts that bridge another HTTP stack).
   *
   * @param path the decoded path, for example {@code /chat}
   * @param queryString the query string with or without its leading {@code ?}; empty for none
   * @param headers header name to values; names are matched ignoring case
   * @param remoteAddress the client's address, or null if unknown
   * @param transport the transport in use, or null if unknown
   */
  public static HubHttpRequest of(String path, String queryString, Map<String, List<String>> headers,
      @Nullable InetSocketAddress remoteAddress, @Nullable TransportType transport) {
    int length = 0;
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      int name = PackedHeaders.packedLength(h.getKey());
      for (String value : h.getValue()) {
        length += name + PackedHeaders.packedLength(value);
      }
    }
    byte[] packed = new byte[length];
    int at = 0;
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      for (String value : h.getValue()) {
        at = PackedHeaders.put(packed, PackedHeaders.put(packed, at, h.getKey()), value);
      }
    }
    return new HubHttpRequest(path, stripQuestionMark(queryString), packed, remoteAddress, transport);
  }

  /**
   * A request whose headers come as name and value pairs in arrival order, a name repeated for each of its
   * values, as HTTP stacks hand them out (Netty's {@code HttpHeaders.iteratorCharSequence()}, for one).
   *
   * @param path the decoded path, for example {@code /chat}
   * @param queryString the query string with or without its leading {@code ?}; empty for none
   * @param headers the headers as name and value pairs; names are matched ignoring case; iterated twice (once to
   *     size the copy, once to fill it), so it must give the same pairs each time
   * @param remoteAddress the client's address, or null if unknown
   * @param transport the transport in use, or null if unknown
   */
  public static HubHttpRequest ofPairs(String path, String queryString,
      Iterable<? extends Map.Entry<? extends CharSequence, ? extends CharSequence>> headers,
      @Nullable InetSocketAddress remoteAddress, @Nullable TransportType transport) {
    int length = 0;
    for (Map.Entry<? extends CharSequence, ? extends CharSequence> h : headers) {
      length += PackedHeaders.packedLength(h.getKey()) + PackedHeaders.packedLength(h.getValue());
    }
    byte[] packed = new byte[length];
    int at = 0;
    for (Map.Entry<? extends CharSequence, ? extends CharSequence> h : headers) {
      at = PackedHeaders.put(packed, PackedHeaders.put(packed, at, h.getKey()), h.getValue());
    }
    if (at != length) {
      throw new IllegalArgumentException("The headers changed while they were read");
    }
    return new HubHttpRequest(path, stripQuestionMark(queryString), packed, remoteAddress, transport);
  }

  /** The retained headers as name, value, name, value... */
  private String[] pairs() {
    return PackedHeaders.items(headers).toArray(String[]::new);
  }

  private static String stripQuestionMark(String queryString) {
    return queryString.startsWith("?") ? queryString.substring(1) : queryString;
  }

  /** The decoded request path, for example {@code /chat} (behind a service, the app's original path). */
  public String path() {
    return path;
  }

  /** The query string as sent, without its leading {@code ?}; empty when there is none. */
  public String queryString() {
    return queryString;
  }

  /** The decoded query parameters; keys matched ignoring case, as in ASP.NET Core; read-only. */
  public Map<String, List<String>> query() {
    Map<String, List<String>> q = query;
    if (q == null) {
      // decoded as the transport decodes a request's query (a stray '%' stays text, as in ASP.NET Core)
      q = queryString.isEmpty() ? Map.of()
          : new TransportRequest("GET", "/?" + queryString, EmptyHttpHeaders.INSTANCE, null).query();
      query = q;
    }
    return q;
  }

  /** The first value of a query parameter (name matched ignoring case), or null. */
  public @Nullable String queryParam(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The retained headers, name to values in arrival order; names matched ignoring case; read-only. */
  public Map<String, List<String>> headers() {
    String[] pairs = pairs();
    TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      map.merge(pairs[i], List.of(pairs[i + 1]), HubHttpRequest::concat);
    }
    return Collections.unmodifiableMap(map);
  }

  /** The first value of a header (name matched ignoring case), or null when absent or not retained. */
  public @Nullable String header(String name) {
    for (int i = 0; i < headers.length; ) {
      int value = PackedHeaders.next(headers, i);
      if (PackedHeaders.nameMatches(headers, i, name)) {
        return PackedHeaders.text(headers, value);
      }
      i = PackedHeaders.next(headers, value);
    }
    return null;
  }

  /** The cookies of the {@code Cookie} headers, name to value (the first of a repeated name wins). */
  public Map<String, String> cookies() {
    String[] pairs = pairs();
    Map<String, String> cookies = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equalsIgnoreCase("Cookie")) {
        for (Cookie c : ServerCookieDecoder.LAX.decodeAll(pairs[i + 1])) {
          cookies.putIfAbsent(c.name(), c.value());
        }
      }
    }
    return Collections.unmodifiableMap(cookies);
  }

  /** One cookie's value, or null. */
  public @Nullable String cookie(String name) {
    return cookies().get(name);
  }

  /**
   * The client's address: the socket's peer when self-hosted (a proxy's, behind one), the first
   * {@code X-Forwarded-For} entry behind a SignalR service (port 0 there). Null when unknown.
   */
  public @Nullable InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The transport the connection uses; null behind a SignalR service, which does not forward it. */
  public @Nullable TransportType transport() {
    return transport;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The path, the transport and the header names; never a value. */
  @Override
  public String toString() {
    String[] pairs = pairs();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        names.add(pairs[i]);
      }
    }
    return "HubHttpRequest[" + path + (transport == null ? "" : " over " + transport) + ", headers " + names + "]";
  }
}
