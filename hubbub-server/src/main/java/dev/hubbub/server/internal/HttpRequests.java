package dev.hubbub.server.internal;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Builds the {@link HubHttpRequest} a connection keeps, from its transport or from what the service forwarded. */
public final class HttpRequests {
  private HttpRequests() {
  }

  /** The default of {@code retainRequestHeaders}: every header is kept (and none is looked at to decide). */
  public static final Predicate<String> KEEP_ALL = name -> true;

  /**
   * The request that started a self-hosted connection, keeping the headers {@code keep} accepts. Call while the
   * transport still holds the request's headers (in the connect callback).
   */
  static HubHttpRequest fromTransport(TransportConnection connection, Predicate<? super String> keep) {
    TransportRequest request = connection.request();
    HttpHeaders all = request.headers();
    Iterable<Map.Entry<CharSequence, CharSequence>> headers = all::iteratorCharSequence;
    if (keep != KEEP_ALL) {
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
}
