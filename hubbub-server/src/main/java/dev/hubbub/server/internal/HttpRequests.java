package dev.hubbub.server.internal;

import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
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
final class HttpRequests {
  private HttpRequests() {
  }

  /**
   * The request that started a self-hosted connection, keeping the headers {@code keep} accepts. Call while the
   * transport still holds the request's headers (in the connect callback).
   */
  static HubHttpRequest fromTransport(TransportConnection connection, Predicate<? super String> keep) {
    TransportRequest request = connection.request();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      if (keep.test(h.getKey())) {
        headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
      }
    }
    String uri = request.uri();
    int q = uri.indexOf('?');
    InetSocketAddress remote = request.remoteAddress() instanceof InetSocketAddress inet ? inet : null;
    return HubHttpRequest.of(request.path(), q < 0 ? "" : uri.substring(q + 1), headers, remote,
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
    String qs = queryString == null ? "" : queryString;
    HubHttpRequest request = HubHttpRequest.of(hubPath, qs, headers, remote, null);
    String original = request.queryParam("asrs.op");
    return original != null && original.startsWith("/")
        ? HubHttpRequest.of(original, qs, headers, remote, null)
        : request;
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
