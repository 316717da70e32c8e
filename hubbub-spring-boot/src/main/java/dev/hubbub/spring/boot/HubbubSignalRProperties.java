package dev.hubbub.spring.boot;

import dev.hubbub.server.ServerStickyMode;
import dev.hubbub.server.ServiceMode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hubbub.signalr.*} settings. The connection string itself is read, highest first, from
 * {@code hubbub.signalr.connection-string}, the Spring property {@code connectionstrings.<connection-name>}
 * (relaxed binding; what Aspire's {@code ConnectionStrings__signalr} is to Spring), the environment variable
 * {@code ConnectionStrings__<connection-name>}, and the .NET-style keys the hub server reads
 * ({@code Azure:SignalR:<name>:ConnectionString}). With none, hubs are self-hosted on the application's port, or
 * put behind the dev service (see {@link DevService}).
 */
@ConfigurationProperties(prefix = "hubbub.signalr")
public class HubbubSignalRProperties {

  /** Name of the SignalR connection, as the Aspire resource is named: the key of ConnectionStrings__<name>. */
  private String connectionName = "signalr";

  /** The service connection string (Endpoint=...;AccessKey=...;Version=1.0;); wins over ConnectionStrings. */
  private @Nullable String connectionString;

  /** The service's mode; the hub server refuses SERVERLESS (hubs need DEFAULT or CLASSIC). */
  private @Nullable ServiceMode serviceMode;

  /** What client tokens ask of the service's routing: DISABLED, PREFERRED or REQUIRED. */
  private @Nullable ServerStickyMode serverStickyMode;

  /** Service WebSockets per hub (the SDK's ConnectionCount, default 5). */
  private @Nullable Integer connectionCount;

  /** Prefix of every hub name on the service (app_hub). */
  private @Nullable String applicationName;

  /** Whether hub errors carry the exception's message to clients (ASP.NET Core's EnableDetailedErrors). */
  private boolean enableDetailedErrors;

  /** Browser origins allowed to connect cross-origin ("*" for any); none by default (same origin only). */
  private List<String> allowedOrigins = new ArrayList<>();

  /** The dev service: an embedded Hubbub service for development and tests, no Docker. */
  private final DevService devService = new DevService();

  /** The hub server's own port, used outside WebFlux (Tomcat, Spring MVC, no web server). */
  private final Server server = new Server();
  private final Servlet servlet = new Servlet();

  public String getConnectionName() {
    return connectionName;
  }

  public void setConnectionName(String connectionName) {
    this.connectionName = connectionName;
  }

  public @Nullable String getConnectionString() {
    return connectionString;
  }

  public void setConnectionString(@Nullable String connectionString) {
    this.connectionString = connectionString;
  }

  public @Nullable ServiceMode getServiceMode() {
    return serviceMode;
  }

  public void setServiceMode(@Nullable ServiceMode serviceMode) {
    this.serviceMode = serviceMode;
  }

  public @Nullable ServerStickyMode getServerStickyMode() {
    return serverStickyMode;
  }

  public void setServerStickyMode(@Nullable ServerStickyMode serverStickyMode) {
    this.serverStickyMode = serverStickyMode;
  }

  public @Nullable Integer getConnectionCount() {
    return connectionCount;
  }

  public void setConnectionCount(@Nullable Integer connectionCount) {
    this.connectionCount = connectionCount;
  }

  public @Nullable String getApplicationName() {
    return applicationName;
  }

  public void setApplicationName(@Nullable String applicationName) {
    this.applicationName = applicationName;
  }

  public boolean isEnableDetailedErrors() {
    return enableDetailedErrors;
  }

  public void setEnableDetailedErrors(boolean enableDetailedErrors) {
    this.enableDetailedErrors = enableDetailedErrors;
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public void setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins;
  }

  public DevService getDevService() {
    return devService;
  }

  public Server getServer() {
    return server;
  }

  public Servlet getServlet() {
    return servlet;
  }

  /**
   * The servlet stack (Tomcat, Spring MVC): how the hubs are served there. {@code BRIDGE} (the default) serves
   * negotiate and the three transports on the application's own port through the servlet container (WebSockets
   * through its Jakarta WebSocket support); {@code REDIRECT} runs the hub server on a port of its own
   * ({@code hubbub.signalr.server.port}) and redirects each negotiate there.
   */
  public static class Servlet {

    /** BRIDGE: hubs on the application's port; REDIRECT: on the hub server's own port, negotiate redirected. */
    private ServletMode mode = ServletMode.BRIDGE;

    /** Threads that run the bridge's connections (hub-layer callbacks, timers); 0: one per processor. */
    private int threads;

    public ServletMode getMode() {
      return mode;
    }

    public void setMode(ServletMode mode) {
      this.mode = mode;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }
  }

  /** How hubs are served on the servlet stack; see {@link Servlet}. */
  public enum ServletMode {
    /** Negotiate and the three transports on the application's own port, through the servlet container. */
    BRIDGE,
    /** The hub server on a port of its own; the application's negotiate redirects there. */
    REDIRECT
  }

  /**
   * Where the hub server listens when the application's server cannot carry the hubs (the servlet stack, or no web
   * server): clients still negotiate on the application's port and are redirected here. Under WebFlux the hubs are
   * on the application's own port and these are not used.
   */
  public static class Server {

    /** Port of the hub server; 0 picks a free one. */
    private int port;

    /** Address the hub server listens on; browsers must reach it (0.0.0.0 for every interface). */
    private String address = "127.0.0.1";

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }
  }

  /**
   * The dev service: with no connection string, in development (the application runs from class directories, as
   * under {@code mvn spring-boot:run}, an IDE or tests, not from a packaged jar), an embedded Hubbub service is
   * started in process, the hubs are hosted behind it, and its connection string is logged with the key masked.
   */
  public static class DevService {

    /** On (true), off (false), or unset: on in development only, never in a packaged run. */
    private @Nullable Boolean enabled;

    /** Port of the dev service; 0 picks a free one. */
    private int port;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }
  }
}
