package dev.hubbub.management;

import dev.hubbub.management.internal.ClientTokens;
import dev.hubbub.management.internal.Futures;
import dev.hubbub.management.internal.HubRef;
import dev.hubbub.management.internal.ManagementTransport;
import dev.hubbub.management.internal.PayloadEncoder;
import dev.hubbub.management.internal.PersistentTransport;
import dev.hubbub.protocol.connection.ConnectionString;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of the management SDK for one SignalR service: creates hub contexts and checks health.
 * Build it once with {@link ServiceManagerBuilder} and share it; it is thread-safe and cheap to keep.
 *
 * <pre>{@code
 * ServiceManager manager = new ServiceManagerBuilder().fromConfiguration("signalr").build();
 * ServiceHubContext chat = manager.createHubContext("chat");
 * }</pre>
 *
 * <p>The manager holds an I/O thread ({@code hubbub-management-http}, daemon) and keep-alive connections for
 * REST calls, unless a JDK client was given with {@link ServiceManagerBuilder#httpClient}; with the persistent
 * transport ({@link ServiceManagerBuilder#transportType}) it also holds WebSockets and two daemon threads. Close
 * hub contexts you no longer need, and the manager at the end.
 *
 * <p>Blocking calls ({@link ServiceHubContext}, {@link #isServiceHealthy()}, ...) must not be made on the SDK's
 * I/O thread, i.e. in a continuation such as {@code thenRun} of an async call: they throw
 * {@link IllegalStateException} there, since they would wait for themselves.
 */
public final class ServiceManager implements AutoCloseable {
  private final ConnectionString connection;
  private final @Nullable String application;
  private final ManagementTransport transport;
  private final ServiceTransportType transportType;
  private final Duration connectTimeout;
  private final PayloadEncoder encoder;
  private final ClientTokens tokens;

  ServiceManager(ConnectionString connection, @Nullable String application, ManagementTransport transport,
      ServiceTransportType transportType, Duration connectTimeout, PayloadEncoder encoder, ClientTokens tokens) {
    this.connection = connection;
    this.application = application;
    this.transport = transport;
    this.transportType = transportType;
    this.connectTimeout = connectTimeout;
    this.encoder = encoder;
    this.tokens = tokens;
  }

  /**
   * A blocking context for {@code hub} (lower-cased; prefixed {@code app_} with an application name). With the
   * persistent transport it opens the hub's connections (or shares those of another open context of the same
   * hub) and waits for the first one, at most {@link ServiceManagerBuilder#connectTimeout} (15 s by default).
   *
   * @throws IllegalArgumentException if the hub name breaks the service's rule (a letter, then up to 127
   *     letters, digits or {@code _`,.[]})
   * @throws SignalRConnectionException (persistent transport) if no connection came up in time; it names the
   *     endpoint and why the connections failed, and nothing is left open
   */
  public ServiceHubContext createHubContext(String hub) {
    Futures.checkMayBlock();
    ServiceHubContextAsync async = createHubContextAsync(hub);
    try {
      async.ready().get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      String why = transport instanceof PersistentTransport p ? p.describe(HubRef.of(hub, application)) : "";
      async.close();
      throw new SignalRConnectionException("No persistent connection to the SignalR service at "
          + connection.serverEndpoint() + " came up for hub '" + async.hubName() + "' within "
          + connectTimeout.toMillis() + " ms (" + why + "). Check that the service is running and reachable, "
          + "or raise ServiceManagerBuilder.connectTimeout.", 0, null, null, null, e);
    } catch (InterruptedException e) {
      async.close();
      Thread.currentThread().interrupt();
      throw new SignalRConnectionException("Interrupted while hub '" + async.hubName() + "' was connecting.", 0,
          null, null, null, e);
    }
    return new ServiceHubContext(async);
  }

  /**
   * A non-blocking context for {@code hub}. It returns at once; with the persistent transport its connections
   * open in the background ({@link ServiceHubContextAsync#ready()} completes when the first is up) and
   * operations fail with {@link SignalRConnectionException} until then.
   *
   * @throws IllegalArgumentException if the hub name breaks the service's rule
   */
  public ServiceHubContextAsync createHubContextAsync(String hub) {
    HubRef ref = HubRef.of(hub, application);
    return new ServiceHubContextAsync(transport, ref, encoder, tokens, transport.openHub(ref));
  }

  /** How operations reach the service. */
  public ServiceTransportType transportType() {
    return transportType;
  }

  /**
   * Whether the service is healthy: {@code HEAD /api/health?api-version=2022-06-01} with a token. A 2xx
   * answer is {@code true}; a 5xx answer, a refused connection or a timeout is {@code false}.
   *
   * @throws SignalRException for any other answer (e.g. 401: the access key is wrong; 404: the endpoint is)
   */
  public boolean isServiceHealthy() {
    return Futures.call(this::isServiceHealthyAsync);
  }

  /** {@link #isServiceHealthy()} without blocking. */
  public CompletableFuture<Boolean> isServiceHealthyAsync() {
    return transport.isServiceHealthy();
  }

  /** The service endpoint REST calls go to ({@code ServerEndpoint}, else {@code Endpoint}). */
  public URI endpoint() {
    return connection.serverEndpoint();
  }

  /**
   * Closes every persistent connection and REST connection and stops the SDK's threads; operations still
   * waiting for an Ack or a REST response fail with {@link SignalRConnectionException}, and later operations
   * fail too (with a JDK client given to {@link ServiceManagerBuilder#httpClient}, REST calls go on working, as
   * that client is the caller's). Idempotent.
   */
  @Override
  public void close() {
    transport.close();
  }

  /** The endpoint and application; never the access key. */
  @Override
  public String toString() {
    return "ServiceManager[endpoint=" + connection.endpoint() + ", application=" + application + ", transport="
        + transportType + "]";
  }
}
