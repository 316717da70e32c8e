package dev.hubbub.server.internal;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Builds the {@link HubHttpRequest} a connection keeps, from its transport or from what the service forwarded. */
public final class HttpRequests {
  private HttpRequests() {
  }

  /**
   * Headers that describe how the request reached the server, not the client: HTTP's hop-by-hop headers (RFC 9110,
   * section 7.6.1, and {@code Proxy-Connection}) and the WebSocket handshake's own (RFC 6455, section 11.3). Lower
   * case.
   */
  private static final AsciiString[] TRANSPORT_HEADERS = {
      AsciiString.cached("connection"), AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
      AsciiString.cached("proxy-authenticate"), AsciiString.cached("proxy-authorization"), AsciiString.cached("te"),
      AsciiString.cached("trailer"), AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"),
      AsciiString.cached("sec-websocket-key"), AsciiString.cached("sec-websocket-version"),
      AsciiString.cached("sec-websocket-extensions"), AsciiString.cached("sec-websocket-accept")};

  /**
   * The default of {@code retainRequestHeaders}: every header but the hop-by-hop ones and the WebSocket handshake's
   * (see {@link #isTransportHeader}). They are spent once the request has reached the server (a proxy drops them
   * too), and a browser's WebSocket upgrade carries about 200 bytes of them, which every connection would keep.
   */
  public static final Predicate<String> KEEP_CLIENT_HEADERS = name -> !isTransportHeader(name);

  /** Keeps every header, as ASP.NET Core's {@code HttpContext} has them (none is looked at to decide). */
  public static final Predicate<String> KEEP_ALL = name -> true;

  /**
   * Whether {@code name} is a hop-by-hop header ({@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection},
   * {@code Proxy-Authenticate}, {@code Proxy-Authorization}, {@code TE}, {@code Trailer}, {@code Transfer-Encoding},
   * {@code Upgrade}) or one of the WebSocket handshake's ({@code Sec-WebSocket-Key}, {@code -Version},
   * {@code -Extensions}, {@code -Accept}), in any case.
   */
  public static boolean isTransportHeader(CharSequence name) {
    for (AsciiString h : TRANSPORT_HEADERS) {
      if (h.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The request that started a self-hosted connection, keeping the headers {@code keep} accepts. Call while the
   * transport still holds the request's headers (in the connect callback).
   */
  static HubHttpRequest fromTransport(TransportConnection connection, Predicate<? super String> keep) {
    TransportRequest request = connection.request();
    HttpHeaders all = request.headers();
    Iterable<Map.Entry<CharSequence, CharSequence>> headers = all::iteratorCharSequence;
    if (keep == KEEP_CLIENT_HEADERS) {
      // Read twice by ofPairs, filtered on the fly: no copy of the headers and no String per name.
      headers = () -> new ClientHeaders(all.iteratorCharSequence());
    } else if (keep != KEEP_ALL) {
      List<Map.Entry<CharSequence, CharSequence>> kept = new ArrayList<>();
      for (Map.Entry<CharSequence, CharSequence> h : headers) {
        if (keep.test(h.getKey().toString())) {
          kept.add(Map.entry(h.getKey(), h.getValue()));
        }
      }
      headers = kept;
    }
    String uri = request.uri();
    int q = uri.indexOf('?');
    InetSocketAddress remote = request.remoteAddress() instanceof InetSocketAddress inet ? inet : null;
    return HubHttpRequest.ofPairs(request.path(), q < 0 ? "" : uri.substring(q + 1), headers, remote,
        connection.transport());
  }

  /**
   * {@code request} with only the headers {@code keep} accepts: for requests that another HTTP stack read (the
   * Spring bridge's), so that {@code retainRequestHeaders} holds for them as for the transport's.
   */
  static HubHttpRequest retain(HubHttpRequest request, Predicate<? super String> keep) {
    if (keep == KEEP_ALL) {
      return request;
    }
    Map<String, List<String>> headers = request.headers();
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (keep.test(h.getKey())) {
        kept.put(h.getKey(), h.getValue());
      }
    }
    return kept.size() == headers.size() ? request
        : HubHttpRequest.of(request.path(), request.queryString(), kept, request.remoteAddress(), request.transport());
  }

  /**
   * What the SignalR service forwarded for a client, read as Azure's SDK reads it: the headers (never
   * {@code Authorization}), the query string the client sent the service, the app's original path from
   * {@code asrs.op} (else {@code hubPath}), and the remote address from the first {@code X-Forwarded-For} entry.
   */
  static HubHttpRequest fromService(String hubPath, @Nullable String queryString, Map<String, List<String>> forwarded,
      Predicate<? super String> keep) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    InetSocketAddress remote = null;
    for (Map.Entry<String, List<String>> h : forwarded.entrySet()) {
      String name = h.getKey();
      if (remote == null && name.equalsIgnoreCase("X-Forwarded-For") && !h.getValue().isEmpty()) {
        remote = firstAddress(h.getValue().get(0));
      }
      if (!name.equalsIgnoreCase("Authorization") && keep.test(name)) {
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).addAll(h.getValue());
      }
    }
    String qs = withoutAccessToken(queryString == null ? "" : queryString);
    HubHttpRequest request = HubHttpRequest.of(hubPath, qs, headers, remote, null);
    String original = request.queryParam("asrs.op");
    return original != null && original.startsWith("/")
        ? HubHttpRequest.of(original, qs, headers, remote, null)
        : request;
  }

  /**
   * The query without {@code access_token}: behind a service it is the service's token for the client, no more
   * the application's business than the Authorization header.
   */
  static String withoutAccessToken(String queryString) {
    boolean leadingQuestionMark = queryString.startsWith("?");
    String q = leadingQuestionMark ? queryString.substring(1) : queryString;
    if (!q.toLowerCase(java.util.Locale.ROOT).contains("access_token")) {
      return queryString;
    }
    StringBuilder kept = new StringBuilder();
    for (String part : q.split("&", -1)) {
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      if (name.equalsIgnoreCase("access_token")) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append('&');
      }
      kept.append(part);
    }
    return (leadingQuestionMark ? "?" : "") + kept;
  }

  /** The first address of an {@code X-Forwarded-For} value when it is an IP literal (never a name lookup). */
  static @Nullable InetSocketAddress firstAddress(String forwardedFor) {
    String first = forwardedFor.split(",", 2)[0].trim();
    if (first.startsWith("[") && first.endsWith("]")) {
      first = first.substring(1, first.length() - 1);
    }
    InetAddress ip = NetUtil.createInetAddressFromIpAddressString(first);
    return ip == null ? null : new InetSocketAddress(ip, 0);
  }

  /**
   * The headers of an iterator that are not {@linkplain #isTransportHeader transport headers}. It looks ahead only
   * in {@link #hasNext}, so an entry is read before the iterator underneath moves past it.
   */
  private static final class ClientHeaders implements Iterator<Map.Entry<CharSequence, CharSequence>> {
    private final Iterator<Map.Entry<CharSequence, CharSequence>> all;
    private Map.@Nullable Entry<CharSequence, CharSequence> next;

    ClientHeaders(Iterator<Map.Entry<CharSequence, CharSequence>> all) {
      this.all = all;
    }

    @Override
    public boolean hasNext() {
      while (next == null && all.hasNext()) {
        Map.Entry<CharSequence, CharSequence> h = all.next();
        if (!isTransportHeader(h.getKey())) {
          next = h;
        }
      }
      return next != null;
    }

    @Override
    public Map.Entry<CharSequence, CharSequence> next() {
      Map.Entry<CharSequence, CharSequence> h = hasNext() ? next : null;
      if (h == null) {
        throw new NoSuchElementException();
      }
      next = null;
      return h;
    }
  }
}
