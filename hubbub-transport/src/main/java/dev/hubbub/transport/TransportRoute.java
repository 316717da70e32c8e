package dev.hubbub.transport;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SignalR endpoint at a path: {@code {path}/negotiate} and {@code {path}} for the transports,
 * both matched case-insensitively and with or without a trailing slash.
 *
 * @param path the base path, for example {@code /client} or {@code /chat}; stored lower-cased
 *     without a trailing slash
 * @param resolver finds the application for a request
 * @param authenticator runs on negotiate and on every connection request
 * @param negotiateHook answers negotiate instead of the transport, or null
 * @param transports the transports this route offers (ASP.NET Core's per-endpoint
 *     {@code HttpConnectionDispatcherOptions.Transports}), within those the server enables; null for all of them
 */
public record TransportRoute(String path, ApplicationResolver resolver, Authenticator authenticator,
    @Nullable NegotiateHook negotiateHook, @Nullable Set<TransportType> transports) {

  public TransportRoute {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(authenticator, "authenticator");
    path = normalize(path);
    transports = transports == null ? null : Set.copyOf(transports);
  }

  /** A route that offers every transport the server enables. */
  public TransportRoute(String path, ApplicationResolver resolver, Authenticator authenticator,
      @Nullable NegotiateHook negotiateHook) {
    this(path, resolver, authenticator, negotiateHook, null);
  }

  /** An anonymous route that always resolves to {@code application}. */
  public static TransportRoute of(String path, TransportApplication application) {
    return new TransportRoute(path, ApplicationResolver.fixed(application), Authenticator.ANONYMOUS, null);
  }

  /** A copy with another authenticator. */
  public TransportRoute withAuthenticator(Authenticator authenticator) {
    return new TransportRoute(path, resolver, authenticator, negotiateHook, transports);
  }

  /** A copy with a negotiate hook. */
  public TransportRoute withNegotiateHook(@Nullable NegotiateHook hook) {
    return new TransportRoute(path, resolver, authenticator, hook, transports);
  }

  /** A copy that offers only {@code transports} (of those the server enables). */
  public TransportRoute withTransports(Set<TransportType> transports) {
    return new TransportRoute(path, resolver, authenticator, negotiateHook, transports);
  }

  /** Whether this route offers {@code type} on a server with {@code options}. */
  public boolean offers(TransportType type, TransportOptions options) {
    Set<TransportType> own = transports;
    return options.enabled(type) && (own == null || own.contains(type));
  }

  /** Lower-cases a path and strips trailing slashes; the root stays {@code ""}. */
  public static String normalize(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    int end = p.length();
    while (end > 0 && p.charAt(end - 1) == '/') {
      end--;
    }
    p = p.substring(0, end);
    if (!p.isEmpty() && p.charAt(0) != '/') {
      throw new IllegalArgumentException("Route path '" + path + "' must start with '/'");
    }
    return p;
  }
}
