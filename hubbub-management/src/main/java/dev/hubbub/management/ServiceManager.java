package dev.hubbub.management;

import dev.hubbub.management.internal.ClientTokens;
import dev.hubbub.management.internal.Futures;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the management SDK for one SignalR service: creates hub contexts and checks health.
 * Build it once with {@link ServiceManagerBuilder} and share it; it is thread-safe and cheap to keep.
 *
 * <pre>{@code
 * ServiceManager manager = new ServiceManagerBuilder().fromConfiguration("signalr").build();
 * ServiceHubContext chat = manager.createHubContext("chat");
 * }</pre>
 */
public final class ServiceManager implements AutoCloseable {
  private final ConnectionString connection;
  private final @Nullable String application;
  private final ManagementTransport transport;
  private final PayloadEncoder encoder;
  private final ClientTokens tokens;

  ServiceManager(ConnectionString connection, @Nullable String application, ManagementTransport transport,
      PayloadEncoder encoder, ClientTokens tokens) {
    this.connection = connection;
    this.application = application;
    this.transport = transport;
    this.encoder = encoder;
    this.tokens = tokens;
  }

  /**
   * A blocking context for {@code hub} (lower-cased; prefixed {@code app_} with an application name).
   *
   * @throws IllegalArgumentException if the hub name breaks the service's rule (a letter, then up to 127
   *     letters, digits or {@code _`,.[]})
   */
  public ServiceHubContext createHubContext(String hub) {
    return new ServiceHubContext(createHubContextAsync(hub));
  }

  /**
   * A non-blocking context for {@code hub}.
   *
   * @throws IllegalArgumentException if the hub name breaks the service's rule
   */
  public ServiceHubContextAsync createHubContextAsync(String hub) {
    return new ServiceHubContextAsync(transport, HubRef.of(hub, application), encoder, tokens);
  }

  /**
   * Whether the service is healthy: {@code HEAD /api/health?api-version=2022-06-01} with a token. A 2xx
   * answer is {@code true}; a 5xx answer, a refused connection or a timeout is {@code false}.
   *
   * @throws SignalRException for any other answer (e.g. 401: the access key is wrong; 404: the endpoint is)
   */
  public boolean isServiceHealthy() {
    return Futures.join(isServiceHealthyAsync());
  }

  /** {@link #isServiceHealthy()} without blocking. */
  public CompletableFuture<Boolean> isServiceHealthyAsync() {
    return transport.isServiceHealthy();
  }

  /** The service endpoint REST calls go to ({@code ServerEndpoint}, else {@code Endpoint}). */
  public URI endpoint() {
    return connection.serverEndpoint();
  }

  /** Releases nothing today (the REST transport holds no connection of its own); kept for future transports. */
  @Override
  public void close() {}

  /** The endpoint and application; never the access key. */
  @Override
  public String toString() {
    return "ServiceManager[endpoint=" + connection.endpoint() + ", application=" + application + "]";
  }
}
