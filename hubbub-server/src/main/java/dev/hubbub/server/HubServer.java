package dev.hubbub.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.core.LocalHubLifetimeManager;
import dev.hubbub.core.spi.Backplane;
import dev.hubbub.core.spi.HubDescriptor;
import dev.hubbub.core.spi.HubLifetimeManager;
import dev.hubbub.core.spi.HubLifetimeManagerFactory;
import dev.hubbub.protocol.HubNames;
import dev.hubbub.protocol.hub.HubProtocolOptions;
import dev.hubbub.server.internal.ConstructorHubFactory;
import dev.hubbub.server.internal.HealthEndpoint;
import dev.hubbub.server.internal.HttpRequests;
import dev.hubbub.server.internal.HttpRoutes;
import dev.hubbub.server.internal.HubAuthorization;
import dev.hubbub.server.internal.HubDispatcher;
import dev.hubbub.server.internal.SelfHostedHandler;
import dev.hubbub.server.internal.ServiceHosting;
import dev.hubbub.server.internal.ServiceHub;
import dev.hubbub.server.internal.Workers;
import dev.hubbub.transport.Authenticator;
import dev.hubbub.transport.ConnectionHandler;
import dev.hubbub.transport.EmbeddedTransport;
import dev.hubbub.transport.HttpRequestHandler;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportServer;
import dev.hubbub.transport.TransportType;
import io.netty.channel.EventLoopGroup;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-hosted SignalR server: it listens itself, speaks negotiate, WebSockets, Server-Sent Events and
 * long polling, and runs the hubs mapped on it.
 *
 * <pre>{@code
 * try (HubServer server = HubServer.builder()
 *     .port(0)
 *     .hub("/chat", ChatHub.class)
 *     .options(o -> o.enableDetailedErrors(true))
 *     .start()) {
 *   server.hubContext("/chat").clients().all().send("newMessage", "server", "hello");
 * }
 * }</pre>
 *
 * <p>With {@link Builder#useNamedAzureSignalR(String, Consumer)} the same hubs are hosted behind a SignalR
 * service in Default mode instead: the server opens service connections to it, clients connect to the
 * service (the server's negotiate answers with a redirect) and are multiplexed over those connections, and
 * sends go through the service.
 *
 * <p>Either way the server answers {@code GET}/{@code HEAD /health} anonymously (200 when healthy, 503 when
 * not; see {@link HubServerHealth} for what healthy means), and {@link #health()} gives the same as a value.
 */
public final class HubServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.server");

  /** Where the built-in health endpoint answers unless {@link Builder#healthPath} moves it. */
  public static final String DEFAULT_HEALTH_PATH = "/health";

  private final @Nullable TransportServer listener;
  private final @Nullable EmbeddedTransport embedded;
  private final Map<String, HubDispatcher> dispatchers;
  private final Map<String, SelfHostedHandler> handlers;
  private final Map<String, HubBridge> bridges;
  private final ExecutorService executor;
  private final ExecutorService callbacks;
  private final @Nullable ServiceHosting service;
  private final @Nullable String healthPath;
  private final List<String> routePaths;
  private final @Nullable Backplane backplane;
  private volatile boolean closed;
  /** {@code hubbub.server.connections.backlogged}; set by start. */
  private volatile @Nullable ObservableLongGauge backlogGauge;

  private HubServer(@Nullable TransportServer listener, @Nullable EmbeddedTransport embedded,
      Map<String, HubDispatcher> dispatchers, Map<String, SelfHostedHandler> handlers, Map<String, HubBridge> bridges,
      ExecutorService executor,
      ExecutorService callbacks, @Nullable ServiceHosting service, @Nullable String healthPath,
      List<String> routePaths, @Nullable Backplane backplane) {
    this.routePaths = routePaths;
    this.listener = listener;
    this.embedded = embedded;
    this.dispatchers = dispatchers;
    this.handlers = handlers;
    this.bridges = bridges;
    this.executor = executor;
    this.callbacks = callbacks;
    this.service = service;
    this.healthPath = healthPath;
    this.backplane = backplane;
  }

  /** Starts configuring a server. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The port the server listens on (the chosen one when built with port 0).
   *
   * @throws IllegalStateException when the server is embedded in an application's server (it listens nowhere)
   */
  public int port() {
    return listener().port();
  }

  /**
   * The address the server listens on.
   *
   * @throws IllegalStateException when the server is embedded in an application's server (it listens nowhere)
   */
  public InetSocketAddress address() {
    return listener().address();
  }

  private TransportServer listener() {
    TransportServer l = listener;
    if (l == null) {
      throw new IllegalStateException("This hub server is embedded in an application's server (startEmbedded): "
          + "it has no port of its own; ask the application's server for its address");
    }
    return l;
  }

  /** Whether the server was started with {@link Builder#startEmbedded} (it listens nowhere itself). */
  public boolean isEmbedded() {
    return embedded != null;
  }

  /**
   * For a server started with {@link Builder#startEmbedded}: sets up a whole accepted socket for the hubs, routes
   * and health endpoint (see {@link EmbeddedTransport#channelInitializer()}).
   *
   * @throws IllegalStateException when the server listens itself
   */
  public ChannelHandler channelInitializer() {
    return embedded().channelInitializer();
  }

  /**
   * For a server started with {@link Builder#startEmbedded}: a handler to add last behind the application's
   * {@code HttpServerCodec}, one per socket (see {@link EmbeddedTransport#newHttpHandler()}); pass it the requests
   * for which {@link #serves(String)} is true.
   *
   * @throws IllegalStateException when the server listens itself
   */
  public ChannelHandler newHttpHandler() {
    return embedded().newHttpHandler();
  }

  /**
   * For a server started with {@link Builder#startEmbedded}: whether a request for {@code path} (decoded, no
   * query) is this server's: a hub's or raw endpoint's negotiate or transport path, a {@link Builder#route} or
   * the health endpoint. The application's router passes those requests to {@link #newHttpHandler()}.
   *
   * @throws IllegalStateException when the server listens itself
   */
  public boolean serves(String path) {
    if (embedded().serves(path)) {
      return true;
    }
    String p = TransportRoute.normalize(path);
    if (healthPath != null && p.equals(healthPath)) {
      return true;
    }
    for (String prefix : routePaths) {
      if (HttpRoutes.covers(prefix, p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The transport mounted in the application's server when started with {@link Builder#startEmbedded}, or null
   * when the server listens itself. Its {@link EmbeddedTransport#serves(String)} covers the hubs and raw endpoints
   * only; {@link #serves(String)} adds the routes and the health endpoint.
   */
  public @Nullable EmbeddedTransport embeddedTransport() {
    return embedded;
  }

  private EmbeddedTransport embedded() {
    EmbeddedTransport e = embedded;
    if (e == null) {
      throw new IllegalStateException("This hub server listens itself (started with start()); use "
          + "startEmbedded(group) to mount it in an application's server");
    }
    return e;
  }

  /**
   * The clients and groups of the hub mapped at {@code path}, for sends from outside hub methods.
   *
   * @throws IllegalArgumentException when no hub is mapped there
   */
  public HubContext hubContext(String path) {
    HubDispatcher d = dispatchers.get(TransportRoute.normalize(path));
    if (d == null) {
      throw new IllegalArgumentException("No hub is mapped at '" + path + "'; mapped: " + dispatchers.keySet());
    }
    return d.context();
  }

  /**
   * The clients and groups of hub class {@code type}, whatever paths it is mapped at (like ASP.NET Core's
   * {@code IHubContext<THub>}), for sends from outside hub methods.
   *
   * @throws IllegalArgumentException when the class is mapped nowhere
   */
  public HubContext hubContext(Class<? extends Hub> type) {
    for (HubDispatcher d : dispatchers.values()) {
      if (d.hubClass() == type) {
        return d.context();
      }
    }
    throw new IllegalArgumentException("Hub class " + type.getName() + " is not mapped; mapped at "
        + dispatchers.keySet());
  }

  /**
   * The hub at {@code path} for connections carried by another HTTP stack (a servlet container): see
   * {@link HubBridge}. Self-hosted hubs only: behind a SignalR service clients connect to the service.
   *
   * @throws IllegalArgumentException when no hub is mapped there
   * @throws IllegalStateException when the hubs are hosted behind a SignalR service
   */
  public HubBridge bridge(String path) {
    HubBridge bridge = bridges.get(TransportRoute.normalize(path));
    if (bridge == null) {
      throw new IllegalArgumentException("No hub is mapped at '" + path + "'; mapped: " + bridges.keySet());
    }
    if (service != null) {
      throw new IllegalStateException("The hubs are hosted behind a SignalR service: clients connect to it, not "
          + "through a bridge");
    }
    return bridge;
  }

  /** Connections that completed their handshake, over all hubs. */
  public int connectionCount() {
    return dispatchers.values().stream().distinct().mapToInt(HubDispatcher::connectionCount).sum();
  }

  /**
   * Clients of this server's own transport (all hubs) with more than {@code backlogBytes} queued towards them
   * (64 KiB unless {@link Builder#transport} changes it): the clients a broadcaster outruns. One read however many
   * connections there are (each connection reports when it crosses the mark, as a Netty channel reports its
   * writability). Clients that reach the server through a SignalR service or the Spring bridge are not counted:
   * their queues are the service's or Spring's.
   */
  public int backloggedConnections() {
    // A started server has exactly one of the two.
    return listener != null ? listener.backloggedConnections() : embedded().backloggedConnections();
  }

  /**
   * Completes once none of this server's own clients has more than {@code backlogBytes} queued (see
   * {@link #backloggedConnections()}): at once if none has now. Wait on it, with a timeout of your own, before the
   * next broadcast to keep a fast sender from outrunning slow clients; the slowest client sets the pace, and one
   * that stops reading is aborted only at {@code maxOutboundQueueBytes}. Completes on a transport thread: run
   * blocking work with the {@code *Async} forms.
   */
  public CompletionStage<Void> whenNoneBacklogged() {
    return listener != null ? listener.whenNoneBacklogged() : embedded().whenNoneBacklogged();
  }

  /**
   * Whether the server is healthy: self-hosted, it is listening (started and not closed); behind a SignalR
   * service, it is listening and every hub has at least one {@link ServiceConnectionState#CONNECTED}
   * service connection. The same as {@code health().healthy()}.
   */
  public boolean isHealthy() {
    return !closed && (service == null || service.isConnected());
  }

  /**
   * The health as a value: overall and per hub, with each service connection's state behind a service;
   * what {@code GET /health} answers (see {@link HubServerHealth} for the definition of healthy).
   */
  public HubServerHealth health() {
    Map<String, HubServerHealth.HubHealth> hubs = new LinkedHashMap<>();
    for (String path : dispatchers.keySet()) {
      ServiceHub hub = service == null ? null : service.get(path);
      hubs.put(path, hub == null
          ? new HubServerHealth.HubHealth(!closed, List.of())
          : new HubServerHealth.HubHealth(!closed && hub.isConnected(), hub.states(),
              closed ? "The server is closed." : hub.unhealthyReason()));
    }
    boolean healthy = !closed && hubs.values().stream().allMatch(HubServerHealth.HubHealth::healthy);
    String degraded = backplane == null || closed ? null : backplane.degradedReason();
    return new HubServerHealth(healthy, hubs, degraded);
  }

  /** The path of the built-in health endpoint ({@code /health} unless changed), or null when disabled. */
  public @Nullable String healthPath() {
    return healthPath;
  }

  /** Whether the hubs are hosted behind a SignalR service ({@link Builder#useNamedAzureSignalR}). */
  public boolean isBehindService() {
    return service != null;
  }

  /**
   * The state of each service connection, per hub path (in connection order); empty when self-hosted.
   */
  public Map<String, List<ServiceConnectionState>> serviceConnectionStates() {
    return service == null ? Map.of() : service.states();
  }

  /** The server id sent to the SignalR service, or null when self-hosted. */
  public @Nullable String serverId() {
    return service == null ? null : service.options().serverId();
  }

  /**
   * Stops the server: every client gets a Close message that allows it to reconnect (clients with automatic
   * reconnect come back when the server is up again), connections end, and the worker threads stop.
   * Idempotent; do not call from a hub method.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ObservableLongGauge gauge = backlogGauge;
    if (gauge != null) {
      gauge.close();
    }
    if (service != null) {
      service.stop(2_000);
    }
    handlers.values().forEach(SelfHostedHandler::stop);
    awaitClientsGone(2_000);
    if (embedded != null) {
      embedded.close();
    }
    if (listener != null) {
      listener.close();
    }
    if (backplane != null) {
      backplane.close();
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    callbacks.shutdown();
    if (listener != null) {
      log.info("Hub server on port {} stopped", listener.port());
    } else {
      log.info("Embedded hub server stopped");
    }
  }

  /**
   * Gives clients that got the Close message a moment to close their side, so the transport's own
   * shutdown does not cut connections whose last bytes are still in flight.
   */
  private void awaitClientsGone(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (connectionCount() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Configures and starts a {@link HubServer}. */
  public static final class Builder {
    private final Map<String, HubMapping> hubs = new LinkedHashMap<>();
    private final TransportOptions.Builder transport = TransportOptions.builder();
    private HubOptions options = HubOptions.DEFAULTS;
    private Authenticator authenticator = Authenticator.ANONYMOUS;
    private ObjectMapper mapper = HubProtocolOptions.newDefaultMapper();
    private boolean ownMapper;
    private @Nullable NamingPolicy namingPolicy;
    private @Nullable OpenTelemetry openTelemetry;
    private @Nullable String serviceName;
    private @Nullable Consumer<AzureSignalROptions.Builder> serviceOptions;
    private @Nullable AzureSignalROptions resolvedServiceOptions;
    private @Nullable String healthPath = DEFAULT_HEALTH_PATH;
    private @Nullable HubLifetimeManagerFactory lifetimeManagers;
    private @Nullable Backplane backplane;
    private Predicate<? super String> keepHeaders = HttpRequests.KEEP_CLIENT_HEADERS;
    private final Map<String, HttpRequestHandler> routes = new LinkedHashMap<>();
    private final Map<String, ConnectionHandler> rawEndpoints = new LinkedHashMap<>();
    private final Map<String, Predicate<? super HubPrincipal>> policies = new LinkedHashMap<>();

    private final Map<String, String> serviceHubNames = new LinkedHashMap<>();

    /** One hub class's dispatch and, behind a service, its service hub. */
    private record HubUnit(HubDispatcher dispatcher, @Nullable ServiceHub serviceHub) {}
    private final Map<String, Set<TransportType>> hubTransports = new LinkedHashMap<>();

    private record HubMapping(Class<? extends Hub> type, Supplier<? extends Hub> factory) {}

    private Builder() {
    }

    /**
     * Which headers of the request that started a connection it keeps for its lifetime, for hub code to read
     * through {@link HubCallerContext#httpRequest()}. By default all of them but those that only carried the
     * request to the server: the hop-by-hop headers ({@code Connection}, {@code Keep-Alive},
     * {@code Proxy-Connection}, {@code Proxy-Authenticate}, {@code Proxy-Authorization}, {@code TE},
     * {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}) and the WebSocket handshake's
     * ({@code Sec-WebSocket-Key}, {@code -Version}, {@code -Extensions}, {@code -Accept}); ASP.NET Core's
     * {@code HttpContext} has those too, and {@code name -> true} keeps them. Keep fewer to save memory at many
     * connections ({@code name -> false} keeps none; {@code Set.of("user-agent")::contains} with lower-case names
     * keeps those). Behind a SignalR service this applies to the headers the service forwards
     * ({@code Authorization} is never among them).
     *
     * @param keep tells by header name (as the client spelled it) whether to keep it
     */
    public Builder retainRequestHeaders(Predicate<? super String> keep) {
      keepHeaders = Objects.requireNonNull(keep, "keep");
      return this;
    }

    /** The port to listen on; 0 (the default) picks a free one, see {@link HubServer#port()}. */
    public Builder port(int port) {
      transport.port(port);
      return this;
    }

    /** The address to listen on (default {@code 127.0.0.1}). */
    public Builder bindAddress(String address) {
      transport.bindAddress(address);
      return this;
    }

    /**
     * Maps a hub at {@code path}; each invocation gets a new instance from the public no-argument constructor, and
     * so do {@link Hub#onConnected} and {@link Hub#onDisconnected} when {@code type} (or a class between it and
     * {@link Hub}) overrides them. A hub that keeps both empty callbacks costs no instance and no hub thread when a
     * client comes or goes.
     */
    public <H extends Hub> Builder hub(String path, Class<H> type) {
      return hub(path, type, ConstructorHubFactory.of(Objects.requireNonNull(type, "type")));
    }

    /**
     * Maps a hub at {@code path}; {@code factory} makes an instance for each invocation, and for
     * {@link Hub#onConnected} and {@link Hub#onDisconnected} when the class it makes overrides them. Whether it does is
     * known from {@code type} when that class is final; otherwise the callbacks run until the factory's first instance
     * has shown its class (a factory may make a subclass, such as a proxy, that overrides what {@code type} does not).
     */
    public <H extends Hub> Builder hub(String path, Class<H> type, Supplier<? extends H> factory) {
      String key = TransportRoute.normalize(path);
      if (hubs.putIfAbsent(key, new HubMapping(type, Objects.requireNonNull(factory, "factory"))) != null) {
        throw new IllegalArgumentException("A hub is already mapped at '" + path + "'");
      }
      return this;
    }

    /**
     * The name of the hub mapped at {@code path} on a SignalR service it is hosted behind (default: the hub class's
     * simple name, as Azure's server SDK names it; the service lower-cases it, and prefixes the application name).
     * Clients never see it (they follow the negotiate redirect), but REST calls and the management SDK use it.
     *
     * @throws IllegalArgumentException when no hub is mapped at {@code path}, or the service would refuse the
     *     name (1 to 128 characters, a letter first, then letters, digits or {@code _`,.[]})
     */
    public Builder serviceHubName(String path, String name) {
      String key = TransportRoute.normalize(path);
      if (!hubs.containsKey(key)) {
        throw new IllegalArgumentException("No hub is mapped at '" + path + "': map it with hub(path, type) first");
      }
      if (!HubNames.isValid(name)) {
        throw new IllegalArgumentException("The service hub name '" + name + "' of hub " + key + " is refused by "
            + "the SignalR service: " + HubNames.INVALID_HUB);
      }
      serviceHubNames.put(key, name);
      return this;
    }

    /**
     * The transports the hub at {@code path} offers (ASP.NET Core's per-hub {@code HttpConnectionDispatcherOptions
     * .Transports}), among those the server enables ({@link #transport}); default: all of them. Negotiate lists only
     * these, and a request on another transport gets ASP.NET Core's 404.
     *
     * @throws IllegalArgumentException when no hub is mapped at {@code path} or {@code transports} is empty
     */
    public Builder hubTransports(String path, Set<TransportType> transports) {
      String key = TransportRoute.normalize(path);
      if (!hubs.containsKey(key)) {
        throw new IllegalArgumentException("No hub is mapped at '" + path + "': map it with hub(path, type) first");
      }
      if (transports.isEmpty()) {
        throw new IllegalArgumentException("Hub " + key + " needs at least one transport");
      }
      hubTransports.put(key, Set.copyOf(transports));
      return this;
    }

    /** Hub settings. */
    public Builder options(HubOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Changes hub settings starting from the current ones. */
    public Builder options(Consumer<HubOptions.Builder> change) {
      HubOptions.Builder b = options.toBuilder();
      change.accept(b);
      options = b.build();
      return this;
    }

    /** Transport settings (transports, buffer sizes, timeouts, I/O threads); port and address are set here too. */
    public Builder transport(Consumer<TransportOptions.Builder> change) {
      change.accept(transport);
      return this;
    }

    /**
     * Decides who may connect; the user id it establishes is {@link HubCallerContext#userIdentifier()} and the
     * key of {@link HubClients#user}. Default: anonymous.
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** Allows browsers on these origins ({@code *} for any) to connect. */
    public Builder cors(Set<String> allowedOrigins) {
      transport.cors(allowedOrigins);
      return this;
    }

    /**
     * The Jackson mapper that binds arguments and serializes results for both protocols; by default
     * {@link HubProtocolOptions#newDefaultMapper()}. Yours is used as it is: start from that method, or register
     * {@link dev.hubbub.protocol.hub.HubDateTimeModule}, to keep dates as ASP.NET Core writes them.
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      this.ownMapper = true;
      return this;
    }

    /**
     * How object properties in arguments and results are named on the wire, in both protocols: camelCase by
     * default, as ASP.NET Core's JSON protocol. {@code @JsonProperty} names stay as written. A mapper given to
     * {@link #objectMapper} is used as it is unless a policy is set here too (then a copy of it gets the policy).
     */
    public Builder namingPolicy(NamingPolicy policy) {
      this.namingPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The mapper both protocols use: the given or default one, with the naming policy that applies. */
    private ObjectMapper effectiveMapper() {
      NamingPolicy policy = namingPolicy;
      if (policy == null) {
        if (ownMapper) {
          return mapper;
        }
        policy = NamingPolicy.CAMEL_CASE;
      }
      return mapper.copy().setPropertyNamingStrategy(policy.strategy());
    }

    /**
     * Where spans (one per hub invocation) and metrics go; default {@link GlobalOpenTelemetry#get()}, read
     * when the server starts.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Moves the built-in health endpoint (default {@value HubServer#DEFAULT_HEALTH_PATH}): anonymous
     * {@code GET}/{@code HEAD} answering 200 with {@link HubServerHealth#toJson()} when healthy, 503 when not.
     */
    public Builder healthPath(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("The health path must start with '/', was '" + path + "'");
      }
      this.healthPath = TransportRoute.normalize(path);
      return this;
    }

    /** Serves no health endpoint (use {@link HubServer#health()} in your own). */
    public Builder disableHealthEndpoint() {
      this.healthPath = null;
      return this;
    }

    /**
     * Hosts the hubs behind the SignalR service configured under {@code name} (like .NET's
     * {@code AddNamedAzureSignalR(name)}), with settings from configuration only; see
     * {@link AzureSignalROptions}.
     */
    public Builder useNamedAzureSignalR(String name) {
      return useNamedAzureSignalR(name, o -> { });
    }

    /**
     * Hosts the hubs behind the SignalR service configured under {@code name}: settings come from
     * configuration ({@code ConnectionStrings__signalr}, section {@code Azure:SignalR:signalr}) and then from
     * {@code configure}. The server opens {@code connectionCount} service connections per hub, and its own
     * negotiate endpoint only redirects clients to the service.
     */
    public Builder useNamedAzureSignalR(String name, Consumer<AzureSignalROptions.Builder> configure) {
      this.serviceName = Objects.requireNonNull(name, "name");
      this.serviceOptions = Objects.requireNonNull(configure, "configure");
      this.resolvedServiceOptions = null;
      return this;
    }

    /** Hosts the hubs behind a SignalR service with fully resolved options (no configuration is read). */
    public Builder useAzureSignalR(AzureSignalROptions options) {
      this.resolvedServiceOptions = Objects.requireNonNull(options, "options");
      this.serviceName = options.name();
      this.serviceOptions = null;
      return this;
    }

    /**
     * Plugs in a lifetime manager per hub (a backplane, a decorator): {@code factory} receives the manager the
     * hosting mode built (local state, or the SignalR service) and returns the one the hub's sends, group changes
     * and client results go through. See {@link dev.hubbub.core.spi.HubLifetimeManager}.
     */
    public Builder lifetimeManagers(HubLifetimeManagerFactory factory) {
      this.lifetimeManagers = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Registers a named authorization policy for {@link Authorize#policy()}: it gets the authenticated user (with
     * the claims the {@link #authenticator} established) and says whether they may connect or invoke. Runs on the
     * thread that checks (an event loop for connections): keep it fast and non-blocking. A hub naming a policy
     * that is not registered fails {@link #start()}.
     */
    public Builder authorizationPolicy(String name, Predicate<? super HubPrincipal> policy) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(policy, "policy");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("A policy needs a name");
      }
      policies.put(name, policy);
      return this;
    }

    /**
     * Connects the hubs to other servers through a scale-out backplane (for example {@code
     * RedisBackplane.create("redis://127.0.0.1:6379")} from {@code hubbub-server-redis}): sends, group changes and
     * client results reach connections on every server that shares it. The backplane wraps each hub's manager
     * (after any {@link #lifetimeManagers} factory), reports {@code Degraded} health while its broker is
     * unreachable, and is closed with the server. Self-hosted only: behind a SignalR service, the service already
     * spans servers.
     */
    public Builder backplane(Backplane backplane) {
      this.backplane = Objects.requireNonNull(backplane, "backplane");
      return this;
    }

    /**
     * Serves plain HTTP requests under {@code path} on the hub server's port: {@code path} itself and every path
     * below it on a segment boundary ({@code /api} serves {@code /api/items}, not {@code /apix}); the longest
     * matching route wins, and {@code /} serves everything no hub, route or health endpoint takes. Handlers run
     * on an event loop: wrap blocking ones with {@link HttpRequestHandler#onExecutor}. Bodies are limited by
     * {@link TransportOptions.Builder#maxHttpRequestBytes} (413 beyond it).
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or a route is already there
     */
    public Builder route(String path, HttpRequestHandler handler) {
      mapOnce(routes, path, Objects.requireNonNull(handler, "handler"), "route");
      return this;
    }

    /**
     * Maps a raw SignalR transport endpoint at {@code path}: negotiate, WebSockets, Server-Sent Events and long
     * polling as for a hub, but the bytes go to {@code handler} as they arrive (no hub protocol), like ASP.NET
     * Core's {@code MapConnectionHandler}. It uses the server's {@link #authenticator} and is served by the hub
     * server itself, also when its hubs are behind a SignalR service.
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or is taken
     */
    public Builder connectionHandler(String path, ConnectionHandler handler) {
      mapOnce(rawEndpoints, path, Objects.requireNonNull(handler, "handler"), "connection handler");
      return this;
    }

    /** Puts {@code value} at the normalized {@code path}, refusing a path without '/' or one already taken. */
    private static <T> void mapOnce(Map<String, T> map, String path, T value, String what) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("A " + what + " path must start with '/', was '" + path + "'");
      }
      if (map.putIfAbsent(TransportRoute.normalize(path), value) != null) {
        throw new IllegalArgumentException("A " + what + " is already mapped at '" + path + "'");
      }
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException when no hub is mapped or the address cannot be bound
     */
    public HubServer start() {
      return assemble(null);
    }

    /**
     * Starts the server inside an application's own Netty server instead of listening itself: mount it with
     * {@link HubServer#channelInitializer()} (whole sockets) or {@link HubServer#newHttpHandler()} (behind the
     * application's HTTP codec, for the requests {@link HubServer#serves(String)} accepts). The port and bind
     * address set here are not used; everything else (hubs, routes, health, service hosting) is as with
     * {@link #start()}.
     *
     * @param group the event loops of the application's sockets (its {@code ServerBootstrap}'s child group)
     * @throws IllegalStateException when no hub is mapped
     */
    public HubServer startEmbedded(EventLoopGroup group) {
      return assemble(Objects.requireNonNull(group, "group"));
    }

    private HubServer assemble(@Nullable EventLoopGroup group) {
      if (hubs.isEmpty()) {
        throw new IllegalStateException("No hub is mapped: call hub(path, HubClass) before start()");
      }
      String health = healthPath;
      if (health != null && hubs.containsKey(health)) {
        throw new IllegalStateException("A hub is mapped at the health path '" + health + "': move the health "
            + "endpoint with healthPath(..) or turn it off with disableHealthEndpoint()");
      }
      for (String path : rawEndpoints.keySet()) {
        if (hubs.containsKey(path) || path.equals(health)) {
          throw new IllegalStateException("The connection handler at '" + path + "' is at a hub's or the health "
              + "endpoint's path: map it elsewhere");
        }
      }
      for (String path : routes.keySet()) {
        if (hubs.containsKey(path) || rawEndpoints.containsKey(path) || path.equals(health)) {
          throw new IllegalStateException("The route at '" + path + "' is at a hub's, a connection handler's or "
              + "the health endpoint's path, which would never reach it: map it elsewhere");
        }
      }
      AzureSignalROptions serviceOptions = serviceOptions();
      Backplane backplane = this.backplane;
      if (backplane != null && serviceOptions != null) {
        throw new IllegalStateException("A backplane and a SignalR service were both configured: behind a service, "
            + "the service already reaches every server's clients; remove backplane(..) or useNamedAzureSignalR(..)");
      }
      ObjectMapper mapper = effectiveMapper();
      HubProtocolOptions protocolOptions = HubProtocolOptions.builder()
          .maxMessageSize(options.maximumReceiveMessageSize()).mapper(mapper).build();
      HubSessionOptions sessionOptions = new HubSessionOptions(protocolOptions, options.handshakeTimeout(),
          options.keepAliveInterval(), options.clientTimeout())
          .withInvocationRateLimits(options.maxInvocationsPerSecond(), options.maxInvocationsPerSecondPerIp());
      ExecutorService executor = Workers.hubExecutor();
      ExecutorService callbacks = Workers.callbackExecutor();
      OpenTelemetry otel = openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get();
      ServiceHosting service = serviceOptions == null ? null
          : new ServiceHosting(serviceOptions, options, sessionOptions, callbacks, otel, keepHeaders);
      TransportServer.Builder server = TransportServer.builder(transportOptions());
      // The endpoint is served before the HubServer object exists: until then it reports unhealthy.
      AtomicReference<@Nullable HubServer> self = new AtomicReference<>();
      Map<String, HttpRequestHandler> plain = new LinkedHashMap<>(routes);
      if (health != null) {
        plain.put(health, new HealthEndpoint(health, () -> {
          HubServer s = self.get();
          return s != null ? s.health() : new HubServerHealth(false, Map.of());
        }));
      }
      server.fallback(new HttpRoutes(plain));
      rawEndpoints.forEach((path, handler) -> server.route(
          TransportRoute.of(path, new TransportApplication(path, handler)).withAuthenticator(authenticator)));
      HubAuthorization authorization = new HubAuthorization(policies);
      Map<String, HubDispatcher> dispatchers = new LinkedHashMap<>();
      Map<String, SelfHostedHandler> handlers = new LinkedHashMap<>();
      Map<String, HubBridge> bridges = new LinkedHashMap<>();
      TransportOptions bridgedTransport = transportOptions();
      // One hub per class, as ASP.NET Core's HubLifetimeManager<THub>: a class mapped at several paths is one hub
      // (one dispatcher, one lifetime manager, one service hub) reached through each path.
      Map<Class<? extends Hub>, HubUnit> units = new LinkedHashMap<>();
      try {
        hubs.forEach((path, mapping) -> {
          HubUnit unit = units.get(mapping.type());
          if (unit == null) {
            ServiceHub serviceHub = service == null ? null : service.hub(path, serviceHubName(path, mapping));
            HubLifetimeManager built = serviceHub == null
                ? new LocalHubLifetimeManager(path, Clock.systemUTC()) : serviceHub.lifetime();
            HubDescriptor descriptor = new HubDescriptor(path, mapping.type().getName(), protocolOptions);
            HubLifetimeManager lifetime = lifetimeManagers == null ? built : lifetimeManagers.create(descriptor, built);
            if (backplane != null) {
              lifetime = backplane.create(descriptor, lifetime);
            }
            unit = new HubUnit(new HubDispatcher(path, mapping.type(), mapping.factory(), options, mapper, executor,
                callbacks, otel, lifetime, authorization), serviceHub);
            units.put(mapping.type(), unit);
            if (serviceHub != null) {
              serviceHub.attach(unit.dispatcher());
            }
          } else if (service != null && unit.serviceHub() != null) {
            service.alias(path, unit.serviceHub());
          }
          HubDispatcher dispatcher = unit.dispatcher();
          ServiceHub serviceHub = unit.serviceHub();
          SelfHostedHandler handler = new SelfHostedHandler(path, dispatcher, sessionOptions, keepHeaders);
          dispatchers.put(path, dispatcher);
          handlers.put(path, handler);
          bridges.put(path, new HubBridge(path, handler, authorization, mapping.type(), bridgedTransport));
          TransportRoute route = TransportRoute.of(path, new TransportApplication(path, handler))
              .withAuthenticator(authorization.guard(authenticator, mapping.type()));
          Set<TransportType> transports = hubTransports.get(path);
          if (transports != null) {
            route = route.withTransports(transports);
          }
          if (serviceHub != null) {
            // Clients of the hub connect to the service: the server answers its negotiate with a redirect and
            // offers no transport of its own for it (the server's transports stay on for raw endpoints).
            route = route.withNegotiateHook(serviceHub::negotiate).withTransports(Set.of());
          }
          server.route(route);
        });
      } catch (RuntimeException e) {
        // a lifetime manager or the backplane refused the hub (Redis unreachable, say): nothing keeps running
        executor.shutdownNow();
        callbacks.shutdownNow();
        if (service != null) {
          service.abandon();
        }
        if (backplane != null) {
          backplane.close();
        }
        throw e;
      }
      TransportServer started = null;
      EmbeddedTransport embedded = null;
      try {
        if (group == null) {
          started = server.start();
        } else {
          embedded = server.embed(group);
        }
      } catch (RuntimeException e) {
        executor.shutdownNow();
        callbacks.shutdownNow();
        if (service != null) {
          service.abandon();
        }
        if (backplane != null) {
          backplane.close();
        }
        throw e;
      }
      if (started != null) {
        log.info("Hub server listening on {} with hubs {}", started.address(), dispatchers.keySet());
      } else {
        log.info("Hub server embedded in the application's server with hubs {}", dispatchers.keySet());
      }
      if (service != null) {
        service.start();
      }
      HubServer hubServer = new HubServer(started, embedded, Collections.unmodifiableMap(dispatchers),
          Map.copyOf(handlers), Map.copyOf(bridges), executor, callbacks, service, health, List.copyOf(routes.keySet()), backplane);
      hubServer.backlogGauge = otel.getMeter("dev.hubbub.server")
          .gaugeBuilder("hubbub.server.connections.backlogged").ofLongs().setUnit("{connection}")
          .setDescription("Clients of the server's own transport with more than backlogBytes queued towards them")
          .buildWithCallback(m -> m.record(hubServer.backloggedConnections()));
      self.set(hubServer);
      if (health != null && started != null) {
        log.info("Hub server health endpoint: GET http://{}:{}{}", started.address().getHostString(),
            started.port(), health);
      }
      return hubServer;
    }

    /** The hub's name on the service: set with {@link #serviceHubName}, else the class's simple name. */
    private String serviceHubName(String path, HubMapping mapping) {
      String name = serviceHubNames.get(path);
      if (name != null) {
        return name;
      }
      name = mapping.type().getSimpleName();
      if (!HubNames.isValid(name)) {
        throw new IllegalStateException("The hub class " + mapping.type().getName() + " at " + path + " would be "
            + "hub '" + name + "' on the SignalR service, which refuses it: " + HubNames.INVALID_HUB + " Name it with "
            + "serviceHubName(\"" + path + "\", name).");
      }
      return name;
    }

    /** The service to host the hubs behind, or null when self-hosted. */
    private @Nullable AzureSignalROptions serviceOptions() {
      AzureSignalROptions service = resolvedServiceOptions;
      String name = serviceName;
      if (service == null && name != null) {
        Consumer<AzureSignalROptions.Builder> code = serviceOptions;
        service = AzureSignalROptions.resolve(name, code == null ? o -> { } : code);
      }
      if (service != null && service.serviceMode() == ServiceMode.SERVERLESS) {
        throw new IllegalStateException("SignalR connection '" + service.name() + "' is in Serverless mode, where "
            + "the service accepts no hub server; use ServiceMode DEFAULT or CLASSIC to host hubs behind it");
      }
      return service;
    }

    private TransportOptions transportOptions() {
      transport.allowStatefulReconnects(options.allowStatefulReconnects());
      TransportOptions transportOptions = transport.build();
      if (transportOptions.transportMaxBufferSize() < options.maximumReceiveMessageSize() + 16) {
        // A WebSocket message or POST body must be able to hold one whole hub message and its framing.
        transportOptions = transportOptions.toBuilder()
            .transportMaxBufferSize(options.maximumReceiveMessageSize() + 16).build();
      }
      return transportOptions;
    }
  }
}
