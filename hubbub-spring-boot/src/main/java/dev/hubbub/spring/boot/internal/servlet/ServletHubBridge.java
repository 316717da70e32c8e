package dev.hubbub.spring.boot.internal.servlet;

import dev.hubbub.protocol.ProtocolException;
import dev.hubbub.protocol.negotiate.AvailableTransport;
import dev.hubbub.protocol.negotiate.NegotiateRequest;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.server.HubBridge;
import dev.hubbub.server.HubHttpRequest;
import dev.hubbub.spring.boot.internal.PrincipalRoles;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.LimitMessages;
import dev.hubbub.transport.RateLimits;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportConnection;
import dev.hubbub.transport.TransportRequest;
import dev.hubbub.transport.TransportType;
import dev.hubbub.transport.TransportUser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet bridge: the hubs on the servlet container's own port. For each hub path it answers negotiate (the
 * Netty transport's JSON, {@link NegotiateResponse}), upgrades WebSockets through the container's Jakarta WebSocket
 * {@link ServerContainer}, and runs Server-Sent Events and long polling on servlet async I/O, with the transport's
 * status codes and texts. Every other request goes down the filter chain (Spring MVC).
 *
 * <p>Runs after the application's security filters, so the request's principal is the hub user (with its
 * {@code ROLE_} authorities as roles), unless the application declares its own {@link Authenticator}. Tomcat's
 * threads only parse a request and hand it on: a parked long poll and an open event stream hold no thread, hub
 * callbacks run on the bridge's own loops, and writes are non-blocking. A POST body is read by the request thread,
 * as any servlet reads one (bounded by {@code transportMaxBufferSize}).
 */
public final class ServletHubBridge extends HttpFilter implements AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.spring.servlet");
  static final String NO_CONNECTION = "No Connection with that ID";
  static final String ID_REQUIRED = "Connection ID required";
  static final String CHANGE_TRANSPORT = "Cannot change transports mid-connection";
  /** The hub's application for authenticators; the bridge's connections never reach its handler. */
  private static final ConnectionHandler NO_HANDLER = new ConnectionHandler() {
    @Override
    public void onConnected(TransportConnection connection) {
    }

    @Override
    public void onData(TransportConnection connection, ByteBuf data) {
    }

    @Override
    public void onClosed(TransportConnection connection, @Nullable Throwable error) {
    }
  };

  private final Set<String> hubs;
  /** Each hub's bridge, looked up on first use. */
  private final transient Map<String, HubBridge> bridges = new ConcurrentHashMap<>();
  private final transient Function<String, HubBridge> lookup;
  private final transient @Nullable Authenticator authenticator;
  private final boolean principalAsUser;
  private final transient BridgeConnections connections;
  /** Each hub's negotiations per client address ({@code maxNegotiationsPerSecondPerIp} of its options). */
  private final transient Map<String, RateLimits> negotiations = new ConcurrentHashMap<>();

  /**
   * @param hubPaths the hubs' paths
   * @param bridges the hub server's bridge of a path (looked up on first use: the hub server starts after the
   *     web server's filters are made)
   * @param authenticator the application's own authenticator, or null to take the request's principal
   * @param principalAsUser whether the request's principal is the hub user (else anonymous)
   */
  public ServletHubBridge(List<String> hubPaths, Function<String, HubBridge> bridges,
      @Nullable Authenticator authenticator, boolean principalAsUser, EventLoopGroup loops) {
    this.hubs = hubPaths.stream().map(ServletHubBridge::normalize).collect(Collectors.toUnmodifiableSet());
    this.lookup = bridges;
    this.authenticator = authenticator;
    this.principalAsUser = principalAsUser;
    this.connections = new BridgeConnections(loops);
  }

  private static String normalize(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Connections open now (negotiated but not yet started ones included). */
  public int connectionCount() {
    return connections.size();
  }

  @Override
  public void close() {
    connections.close();
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = normalize(request.getRequestURI().substring(request.getContextPath().length()));
    if (path.endsWith("/negotiate")) {
      String hub = path.substring(0, path.length() - "/negotiate".length());
      if (hubs.contains(hub)) {
        if (!cors(request, response, hub)) {
          negotiate(request, response, hub);
        }
        return;
      }
    }
    if (hubs.contains(path)) {
      if (!cors(request, response, path)) {
        connection(request, response, path);
      }
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * CORS as the hub server's transport does it, with {@code hubbub.signalr.allowed-origins}: an allowed origin is
   * reflected with credentials allowed, and a preflight is answered here (true: nothing more to do).
   */
  private boolean cors(HttpServletRequest request, HttpServletResponse response, String hub) {
    var options = bridge(hub).transportOptions();
    if (!options.corsEnabled()) {
      return false;
    }
    String origin = request.getHeader("Origin");
    if (origin != null && (options.corsAllowedOrigins().contains("*")
        || options.corsAllowedOrigins().contains(origin))) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Credentials", "true");
      response.addHeader("Vary", "Origin");
    }
    String method = request.getHeader("Access-Control-Request-Method");
    if (!"OPTIONS".equals(request.getMethod()) || method == null) {
      return false;
    }
    response.setHeader("Access-Control-Allow-Methods", method.toUpperCase(Locale.ROOT));
    String headers = request.getHeader("Access-Control-Request-Headers");
    if (headers != null) {
      response.setHeader("Access-Control-Allow-Headers", headers);
    }
    response.setHeader("Access-Control-Max-Age", "86400");
    response.setStatus(204);
    return true;
  }

  private HubBridge bridge(String hub) {
    return bridges.computeIfAbsent(hub, lookup);
  }

  private void negotiate(HttpServletRequest request, HttpServletResponse response, String hub) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setStatus(405);
      return;
    }
    HubBridge bridge = bridge(hub);
    AuthResult auth = authenticate(request, bridge, hub);
    if (!auth.allowed()) {
      response.setStatus(auth.status());
      return;
    }
    NegotiateRequest negotiate;
    try {
      negotiate = NegotiateRequest.fromQuery(request.getParameterMap().entrySet().stream()
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
    } catch (ProtocolException e) {
      json(response, NegotiateResponse.error(e.getMessage()).toJsonBytes());
      return;
    }
    TransportUser user = auth.user();
    BridgeConnection c = admit(request, response, bridge, hub, negotiate.negotiateVersion(),
        user == null ? null : user.id());
    if (c == null) {
      return;
    }
    json(response, NegotiateResponse.connection(negotiate.negotiateVersion(), c.id, c.token, false,
        availableTransports(request)).toJsonBytes());
  }

  /**
   * A new connection (a negotiate, or a WebSocket without one), within the hub's transport limits as the Netty
   * transport applies them: past {@code maxNegotiationsPerSecondPerIp} from the request's address, 429 with
   * {@code Retry-After: 1}; past {@code maxConnections} open on the bridge, 503. Null after answering.
   */
  private @Nullable BridgeConnection admit(HttpServletRequest request, HttpServletResponse response,
      HubBridge bridge, String hub, int negotiateVersion, @Nullable String principal) throws IOException {
    var options = bridge.transportOptions();
    RateLimits rate = negotiations.computeIfAbsent(hub, h -> new RateLimits(options.maxNegotiationsPerSecondPerIp()));
    if (rate.limit() > 0) {
      String address = request.getRemoteAddr();
      String ip = address == null ? "unknown" : address;
      if (!rate.admit(ip, System.nanoTime())) {
        log.debug("Negotiation from {} on hub {} refused: past maxNegotiationsPerSecondPerIp {}", ip, hub,
            rate.limit());
        response.setHeader("Retry-After", "1");
        text(response, 429, LimitMessages.tooManyNegotiations(ip, rate.limit()));
        return null;
      }
    }
    BridgeConnection c = connections.create(bridge, hub, negotiateVersion, principal, options.maxConnections());
    if (c == null) {
      log.debug("Connection on hub {} refused: {} connections open (maxConnections)", hub, options.maxConnections());
      text(response, 503, LimitMessages.connectionLimitReached(options.maxConnections()));
    }
    return c;
  }

  private static List<AvailableTransport> availableTransports(HttpServletRequest request) {
    List<AvailableTransport> list = new ArrayList<>(3);
    if (serverContainer(request) != null) {
      list.add(AvailableTransport.WEB_SOCKETS);
    }
    list.add(AvailableTransport.SERVER_SENT_EVENTS);
    list.add(AvailableTransport.LONG_POLLING);
    return list;
  }

  private static @Nullable ServerContainer serverContainer(HttpServletRequest request) {
    return request.getServletContext().getAttribute(ServerContainer.class.getName()) instanceof ServerContainer c
        ? c : null;
  }

  private void connection(HttpServletRequest request, HttpServletResponse response, String hub)
      throws IOException {
    String token = request.getParameter("id");
    switch (request.getMethod()) {
      case "GET" -> {
        String upgrade = request.getHeader("Upgrade");
        String accept = request.getHeader("Accept");
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
          webSocket(request, response, hub, token);
        } else if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
          receive(request, response, hub, token, TransportType.SERVER_SENT_EVENTS);
        } else {
          receive(request, response, hub, token, TransportType.LONG_POLLING);
        }
      }
      case "POST" -> send(request, response, hub, token);
      case "DELETE" -> delete(response, hub, token);
      default -> response.setStatus(405);
    }
  }

  /** The connection of {@code token}, or null after answering 400 (no token) or 404 (unknown, or another hub's). */
  private @Nullable BridgeConnection find(HttpServletResponse response, String hub, @Nullable String token)
      throws IOException {
    if (token == null) {
      text(response, 400, ID_REQUIRED);
      return null;
    }
    BridgeConnection c = connections.get(token);
    if (c == null || !c.hubPath.equals(hub)) {
      text(response, 404, NO_CONNECTION);
      return null;
    }
    return c;
  }

  /**
   * The user of a request that carries a connection: authenticated as at negotiate, and the same one that
   * negotiated it (else 403). Null after answering.
   */
  private @Nullable TransportUser owner(HttpServletRequest request, HttpServletResponse response,
      BridgeConnection c) throws IOException {
    AuthResult auth = authenticate(request, c.bridge(), c.hubPath);
    if (!auth.allowed()) {
      response.setStatus(auth.status());
      return null;
    }
    TransportUser user = auth.user();
    String id = user == null ? null : user.id();
    if (!java.util.Objects.equals(id, c.principal)) {
      text(response, 403, "The connection was negotiated by another user.");
      return null;
    }
    return user == null ? TransportUser.ANONYMOUS : user;
  }

  private void webSocket(HttpServletRequest request, HttpServletResponse response, String hub,
      @Nullable String token) throws IOException {
    ServerContainer container = serverContainer(request);
    if (container == null) {
      text(response, 404, "WebSockets transport not supported by this end point type");
      return;
    }
    BridgeConnection c;
    TransportUser user;
    if (token == null) {
      // skipNegotiation: the WebSocket itself creates the connection (negotiate version 0).
      HubBridge bridge = bridge(hub);
      AuthResult auth = authenticate(request, bridge, hub);
      if (!auth.allowed()) {
        response.setStatus(auth.status());
        return;
      }
      user = auth.user() == null ? TransportUser.ANONYMOUS : auth.user();
      c = admit(request, response, bridge, hub, 0, user.id());
      if (c == null) {
        return;
      }
      c.claim(TransportType.WEB_SOCKETS);
    } else {
      c = find(response, hub, token);
      if (c == null || (user = owner(request, response, c)) == null) {
        return;
      }
      if (!c.claim(TransportType.WEB_SOCKETS)) {
        if (c.transport() == TransportType.WEB_SOCKETS) {
          text(response, 409, "");
        } else {
          text(response, 400, CHANGE_TRANSPORT);
        }
        return;
      }
    }
    WebSocketSink sink = new WebSocketSink(c, user, hubRequest(request, hub, TransportType.WEB_SOCKETS));
    try {
      container.upgradeHttpToWebSocket(request, response, sink.config(hub), Map.of());
    } catch (DeploymentException | IOException | RuntimeException e) {
      log.warn("WebSocket upgrade of connection {} on hub {} failed", c.id, hub, e);
      BridgeConnection failed = c;
      c.onLoop(() -> failed.terminated(e));
      if (!response.isCommitted()) {
        text(response, 500, "The WebSocket upgrade failed.");
      }
    }
  }

  private void receive(HttpServletRequest request, HttpServletResponse response, String hub,
      @Nullable String token, TransportType type) throws IOException {
    BridgeConnection c = find(response, hub, token);
    TransportUser user;
    if (c == null || (user = owner(request, response, c)) == null) {
      return;
    }
    if (c.claim(type)) {
      HubHttpRequest hubRequest = hubRequest(request, hub, type);
      if (type == TransportType.SERVER_SENT_EVENTS) {
        ServerSentEventsSink.start(request, response, c, user, hubRequest);
      } else {
        LongPollingSink.start(response, c, user, hubRequest);
      }
      return;
    }
    if (c.transport() != type) {
      text(response, 400, CHANGE_TRANSPORT);
    } else if (type == TransportType.SERVER_SENT_EVENTS) {
      boolean closed = c.state == BridgeConnection.State.CLOSED;
      text(response, closed ? 404 : 409, closed ? NO_CONNECTION : "");
    } else {
      LongPollingSink.poll(request, response, c);
    }
  }

  private void send(HttpServletRequest request, HttpServletResponse response, String hub, @Nullable String token)
      throws IOException {
    BridgeConnection c = find(response, hub, token);
    if (c == null || owner(request, response, c) == null) {
      return;
    }
    TransportType type = c.transport();
    if (type == TransportType.WEB_SOCKETS) {
      text(response, 405, "POST requests are not allowed for WebSocket connections.");
      return;
    }
    if (type == null) {
      text(response, 400, "The connection has not started a transport yet: open the Server-Sent Events"
          + " stream or send the first poll before sending data.");
      return;
    }
    int limit = c.bridge().transportOptions().transportMaxBufferSize();
    byte[] body = request.getInputStream().readNBytes(limit + 1);
    if (body.length > limit) {
      text(response, 413, "The request body is larger than the limit of " + limit + " bytes.");
      return;
    }
    if (c.state == BridgeConnection.State.CLOSED || !c.onLoop(() -> c.received(body))) {
      text(response, 404, NO_CONNECTION);
      return;
    }
    text(response, 200, "");
  }

  private void delete(HttpServletResponse response, String hub, @Nullable String token) throws IOException {
    BridgeConnection c = find(response, hub, token);
    if (c == null) {
      return;
    }
    if (c.transport() != TransportType.LONG_POLLING) {
      text(response, 400, "Cannot terminate this connection using the DELETE endpoint.");
      return;
    }
    LongPollingSink.delete(response, c);
  }

  private AuthResult authenticate(HttpServletRequest request, HubBridge bridge, String hub) {
    Authenticator inner = authenticator;
    if (inner == null) {
      Principal principal = principalAsUser ? request.getUserPrincipal() : null;
      inner = (r, a) -> principal == null ? AuthResult.anonymous() : AuthResult.allow(user(principal));
    }
    return bridge.guard(inner).authenticate(transportRequest(request), new TransportApplication(hub, NO_HANDLER));
  }

  private static TransportUser user(Principal principal) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    List<String> roles = PrincipalRoles.of(principal);
    if (!roles.isEmpty()) {
      claims.put("role", roles);
    }
    List<String> authorities = PrincipalRoles.authorities(principal);
    if (!authorities.isEmpty()) {
      claims.put("authority", authorities); // all of them, for Spring Security's method security on hub methods
    }
    return new TransportUser(principal.getName(), claims);
  }

  private static TransportRequest transportRequest(HttpServletRequest request) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        headers.add(name, value);
      }
    }
    String query = request.getQueryString();
    return new TransportRequest(request.getMethod(), request.getRequestURI() + (query == null ? "" : "?" + query),
        headers, remote(request));
  }

  private static HubHttpRequest hubRequest(HttpServletRequest request, String hub, TransportType type) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    String query = request.getQueryString();
    return HubHttpRequest.of(hub, query == null ? "" : query, headers, remote(request), type);
  }

  private static @Nullable InetSocketAddress remote(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    java.net.InetAddress ip = address == null ? null : io.netty.util.NetUtil.createInetAddressFromIpAddressString(
        address);
    return ip == null ? null : new InetSocketAddress(ip, request.getRemotePort());
  }

  private static void json(HttpServletResponse response, byte[] body) throws IOException {
    response.setStatus(200);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static void text(HttpServletResponse response, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
