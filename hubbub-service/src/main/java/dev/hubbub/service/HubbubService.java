package dev.hubbub.service;

import dev.hubbub.core.spi.SendTarget;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.AccessTokenVerifier;
import dev.hubbub.service.internal.auth.TokenAuthenticator;
import dev.hubbub.service.internal.hub.ClientConnectionHandler;
import dev.hubbub.service.internal.hub.HubApplications;
import dev.hubbub.service.internal.hub.HubDirectory;
import dev.hubbub.service.spi.ServiceBackplane;
import dev.hubbub.service.internal.hub.LocalServiceLifetimeManager;
import dev.hubbub.service.internal.hub.RejectedHubHandler;
import dev.hubbub.protocol.negotiate.NegotiateResponse;
import dev.hubbub.service.internal.rest.NameRules;
import dev.hubbub.service.internal.rest.RestApiHandler;
import dev.hubbub.service.internal.server.ServerConnectionHandler;
import dev.hubbub.service.internal.server.ServerRegistry;
import dev.hubbub.service.internal.telemetry.ServiceTelemetry;
import dev.hubbub.service.internal.upstream.UpstreamClient;
import dev.hubbub.service.upstream.UpstreamSettingsSource;
import dev.hubbub.transport.TransportApplication;
import dev.hubbub.transport.TransportOptions;
import dev.hubbub.transport.TransportRoute;
import dev.hubbub.transport.TransportServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hubbub SignalR service: Azure SignalR Service's client endpoint ({@code /client}), REST data
 * plane ({@code /api}), serverless upstream and, in Default and Classic mode, the app server endpoint
 * ({@code /server}), on one port.
 *
 * <pre>{@code
 * try (HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).build())) {
 *   String connectionString = service.connectionString();
 *   // Endpoint=http://localhost:<port>;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;
 * }
 * }</pre>
 */
public final class HubbubService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HubbubService.class);
  /** The largest service message an app server may send: 1 MB, Azure SignalR's message size limit. */
  private static final int MAX_SERVER_MESSAGE_SIZE = 1024 * 1024;
  /** Hubs per route whose connections share one transport application (see {@link HubApplications}). */
  private static final int MAX_SHARED_APPLICATIONS = 1024;

  private final ServiceOptions options;
  private final TransportServer server;
  private final HubDirectory hubs;
  private final UpstreamClient upstream;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService upstreamExecutor;
  private final ObservableLongGauge backlogGauge;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HubbubService(ServiceOptions options, TransportServer server, HubDirectory hubs, UpstreamClient upstream,
      ScheduledExecutorService scheduler, ExecutorService upstreamExecutor, ObservableLongGauge backlogGauge) {
    this.options = options;
    this.server = server;
    this.hubs = hubs;
    this.upstream = upstream;
    this.scheduler = scheduler;
    this.upstreamExecutor = upstreamExecutor;
    this.backlogGauge = backlogGauge;
  }

  /**
   * Starts a service and returns once it listens.
   *
   * @throws IOException if the upstream settings file cannot be read
   * @throws IllegalArgumentException if the upstream settings are invalid
   * @throws IllegalStateException if the address cannot be bound (for example the port is in use)
   */
  public static HubbubService start(ServiceOptions options) throws IOException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hubbub-service-timer"));
    ExecutorService upstreamExecutor = Executors.newCachedThreadPool(daemon("hubbub-upstream"));
    try {
      UpstreamSettingsSource settings = options.upstreamSettingsFile() == null
          ? UpstreamSettingsSource.fixed(options.upstreamSettings())
          : UpstreamSettingsSource.watching(options.upstreamSettingsFile(), scheduler, 1000);
      HubDirectory hubs = new HubDirectory(Clock.systemUTC(), options.managerFactory());
      ServiceTelemetry telemetry = new ServiceTelemetry(
          options.openTelemetry() == null ? GlobalOpenTelemetry.get() : options.openTelemetry(), options.liveTrace());
      UpstreamClient upstream = new UpstreamClient(settings, List.of(options.accessKey()), options.upstreamTimeout(),
          upstreamExecutor, telemetry);
      TokenAuthenticator authenticator = new TokenAuthenticator(AccessTokenVerifier.builder(options.accessKey()).build());
      ServerRegistry servers = new ServerRegistry(options.mode());
      ClientConnectionHandler clients = new ClientConnectionHandler(hubs, options, upstream, telemetry, servers);
      TransportApplication rejected = new TransportApplication("", new RejectedHubHandler());
      HubApplications clientApplications = new HubApplications(clients, MAX_SHARED_APPLICATIONS);
      TransportRoute clientRoute = new TransportRoute("/client", request -> {
        String hub = request.queryParam("hub");
        if (hub == null || !NameRules.isValidHub(hub)) {
          return rejected;
        }
        return clientApplications.of(hub);
      }, authenticator, context -> {
        if (context.application() == rejected) {
          return NegotiateResponse.error(RejectedHubHandler.reason(context.request().queryParam("hub")));
        }
        String refusal = servers.refusal(context.application().key(), context.user().claims());
        ServiceBackplane cluster = options.backplane();
        if (cluster != null && ServerRegistry.NO_SERVER.equals(refusal)) {
          // Default mode across nodes: the hub's app servers are connected to another node; send the client there
          // with its own token (tokens are checked by path, and every node shares the access key).
          URI node = cluster.serverNode(context.application().key());
          if (node != null) {
            return NegotiateResponse.redirect(node.resolve("/client/?hub=" + context.application().key()).toString(),
                context.request().accessToken());
          }
        }
        if (refusal != null) {
          return NegotiateResponse.error(refusal);
        }
        // Negotiate is answered by the transport; the hook only sees it start, which is what the span records.
        telemetry.negotiate(context.application().key(), context.user().id()).end();
        return null;
      });
      ServerConnectionHandler serverHandler = new ServerConnectionHandler(hubs, servers, MAX_SERVER_MESSAGE_SIZE,
          options.serverKeepAliveInterval(), options.serverTimeout(), options.maxOutboundQueueBytes(), telemetry);
      HubApplications serverApplications = new HubApplications(serverHandler, MAX_SHARED_APPLICATIONS);
      TransportApplication refusedServer = new TransportApplication("", serverHandler); // refused at its handshake
      TransportRoute serverRoute = new TransportRoute("/server", request -> {
        String hub = request.queryParam("hub");
        if (hub == null || !NameRules.isValidHub(hub)) {
          return refusedServer;
        }
        return serverApplications.of(hub);
      }, authenticator, context -> NegotiateResponse.error(
          "App servers connect with a WebSocket to /server/?hub=H directly; there is no negotiate for them."));
      TransportOptions transport = TransportOptions.builder()
          .bindAddress(options.host() == null ? "127.0.0.1" : options.host())
          .port(options.port())
          .maxOutboundQueueBytes(options.maxOutboundQueueBytes())
          .backlogBytes(options.backlogBytes())
          .maxConnections(options.maxConnections())
          .maxNegotiationsPerSecondPerIp(options.maxNegotiationsPerSecondPerIp())
          // The hub layer enforces maxClientMessageSize with a Close message naming the limit; the transport's
          // bound only stops what is far beyond it.
          .transportMaxBufferSize(transportMaxBufferSize(options))
          // The REST layer answers 413 with an error code up to twice its limit; the transport cuts off beyond.
          .maxHttpRequestBytes((int) Math.min(Integer.MAX_VALUE, 2L * options.maxRestBodySize()))
          .heartbeatInterval(heartbeat(options))
          .allowStatefulReconnects(true)
          .cors(java.util.Set.of("*"))
          .build();
      TransportServer server = TransportServer.builder(transport)
          .route(clientRoute)
          .route(serverRoute)
          .fallback(new RestApiHandler(hubs, authenticator,
              AccessTokenIssuer.builder(options.accessKey()).build(), telemetry, options.maxRestBodySize(),
              options.backplane() == null ? () -> null : options.backplane()::degradedReason))
          .start();
      HubbubService service = new HubbubService(options, server, hubs, upstream, scheduler, upstreamExecutor,
          telemetry.backlogGauge(server::backloggedConnections));
      ServiceBackplane backplane = options.backplane();
      if (backplane != null) {
        try {
          backplane.start(new ServiceBackplane.ServiceNode() {
            @Override
            public URI endpoint() {
              return service.endpoint();
            }

            @Override
            public java.util.Set<String> hubsWithServers() {
              return servers.hubsWithServers();
            }
          });
        } catch (RuntimeException e) {
          service.close();
          throw e;
        }
      }
      log.info("Hubbub service listening on {} ({} mode)", server.address(), options.mode());
      return service;
    } catch (IOException | RuntimeException e) {
      scheduler.shutdownNow();
      upstreamExecutor.shutdownNow();
      throw e;
    }
  }

  /**
   * The transport's bound on one inbound WebSocket message or POST body. The hub layer enforces
   * maxClientMessageSize with a Close message naming the limit, so the transport only stops what is far beyond
   * it; with app servers (Default, Classic) it also lets a server's sends through, which carry whole hub
   * messages for many clients (the SDK's tests use 70 000 bytes).
   */
  static int transportMaxBufferSize(ServiceOptions options) {
    int clients = Math.max(64 * 1024, 2 * options.maxClientMessageSize());
    return options.mode() == ServiceMode.SERVERLESS ? clients : Math.max(clients, MAX_SERVER_MESSAGE_SIZE + 1024);
  }

  /**
   * The period of the transport's sweep, which runs keep-alives and timeouts: one second as ASP.NET Core's, or
   * finer when a timeout is set shorter, so that timeouts stay exact to a quarter of the shortest one.
   */
  static Duration heartbeat(ServiceOptions options) {
    Duration shortest = options.keepAliveInterval();
    for (Duration d : List.of(options.clientTimeout(), options.handshakeTimeout(), options.serverKeepAliveInterval(),
        options.serverTimeout())) {
      if (d.compareTo(shortest) < 0) {
        shortest = d;
      }
    }
    Duration quarter = shortest.dividedBy(4);
    Duration floor = Duration.ofMillis(10);
    Duration second = Duration.ofSeconds(1);
    return quarter.compareTo(second) >= 0 ? second : quarter.compareTo(floor) < 0 ? floor : quarter;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The options the service runs with. */
  public ServiceOptions options() {
    return options;
  }

  /** The port the service listens on (the chosen one when started on port 0). */
  public int port() {
    return server.port();
  }

  /** The base URL clients and SDKs use, {@code http://localhost:<port>} on loopback. */
  public URI endpoint() {
    String host = options.host() == null || isWildcardOrLoopback(options.host()) ? "localhost" : options.host();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port());
  }

  private static boolean isWildcardOrLoopback(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("127.0.0.1") || host.equals("::1")
        || host.equalsIgnoreCase("localhost");
  }

  /** The connection string apps use: {@code Endpoint=http://localhost:<port>;AccessKey=...;Version=1.0;}. */
  public String connectionString() {
    return "Endpoint=" + endpoint() + ";AccessKey=" + options.accessKey() + ";Version=1.0;";
  }

  /** Client connections across all hubs that completed their handshake. */
  public int connectionCount() {
    return hubs.connectionCount();
  }

  /**
   * Connections with more than {@link ServiceOptions#backlogBytes()} queued towards them now: clients (and app
   * servers in Default mode) that the service's sends outrun. One read, however many connections there are; a count
   * read while a connection crosses the mark may lag that crossing for a moment. Also exported as the gauge
   * {@code signalr.service.connections.backlogged}. Nothing is closed at the mark: a client that stops reading stays
   * counted until it reads, leaves, or is closed at {@link ServiceOptions#maxOutboundQueueBytes()}.
   */
  public int backloggedConnections() {
    return server.backloggedConnections();
  }

  /**
   * Ends every client connection of every hub held by this process and forgets every user's group memberships
   * here, so that the next test
   * on a shared service starts from empty hubs. Each client gets a Close message with {@code reason} (no
   * reconnect), then its transport closes, as with the REST API's {@code :closeConnections}; the connections leave
   * their groups as they close, asynchronously ({@link #connectionCount()} reaches 0 once they are gone). App
   * server connections (Default mode), the port, the options and the upstream settings stay.
   *
   * <p>For test harnesses ({@code hubbub-test}'s JUnit extension calls it after each test).
   *
   * @param reason the Close message's error text, or null for a close without one
   */
  public void clearHubs(@Nullable String reason) {
    for (LocalServiceLifetimeManager hub : hubs.locals()) {
      hub.close(SendTarget.all(), reason);
      hub.store().clearUserGroups();
    }
  }

  /** Stops listening, closes every connection and releases the threads. Calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      backlogGauge.close();
      server.close();
    } finally {
      ServiceBackplane backplane = options.backplane();
      if (backplane != null) {
        backplane.close();
      }
      upstream.close();
      scheduler.shutdownNow();
      upstreamExecutor.shutdownNow();
    }
  }

}
