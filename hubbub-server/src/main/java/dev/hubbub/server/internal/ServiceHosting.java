package dev.hubbub.server.internal;

import dev.hubbub.core.HubSessionOptions;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubOptions;
import dev.hubbub.server.ServiceConnectionState;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The hubs of a server hosted behind a SignalR service (Default mode): one {@link ServiceHub} per hub path,
 * sharing the timer thread and the HTTP client that dials the service.
 */
public final class ServiceHosting {
  private final AzureSignalROptions options;
  private final HubOptions hubOptions;
  private final HubSessionOptions sessionOptions;
  private final Executor callbacks;
  private final OpenTelemetry openTelemetry;
  private final ScheduledExecutorService scheduler;
  private final HttpClient http;
  private final Map<String, ServiceHub> hubs = new LinkedHashMap<>();
  private final Predicate<? super String> keepHeaders;
  private final java.util.List<ServiceHub> distinct = new java.util.ArrayList<>();

  public ServiceHosting(AzureSignalROptions options, HubOptions hubOptions, HubSessionOptions sessionOptions,
      Executor callbacks, OpenTelemetry openTelemetry, Predicate<? super String> keepHeaders) {
    this.keepHeaders = keepHeaders;
    this.options = options;
    this.hubOptions = hubOptions;
    this.sessionOptions = sessionOptions;
    this.callbacks = callbacks;
    this.openTelemetry = openTelemetry;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hubbub-service-timer");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().connectTimeout(options.handshakeTimeout()).build();
  }

  /** The options the hubs connect with. */
  public AzureSignalROptions options() {
    return options;
  }

  /**
   * Assembles the hub at {@code path}, named {@code serviceHubName} on the service; attach its dispatcher before
   * {@link #start()}.
   */
  public ServiceHub hub(String path, String serviceHubName) {
    ServiceHub hub = new ServiceHub(path, serviceHubName, options, hubOptions, sessionOptions, http, scheduler,
        callbacks, openTelemetry, keepHeaders);
    hubs.put(path, hub);
    distinct.add(hub);
    return hub;
  }

  /** Another path where the hub {@code hub} is mapped (one hub class mapped at several paths is one hub). */
  public void alias(String path, ServiceHub hub) {
    hubs.put(path, hub);
  }

  /** The hub at {@code path}, or null. */
  public @Nullable ServiceHub get(String path) {
    return hubs.get(path);
  }

  /** Dials every hub's service connections. */
  public void start() {
    distinct.forEach(ServiceHub::start);
  }

  /** Stops every hub gracefully (see {@link ServiceHub#stop}) and the timer. */
  public void stop(long waitMillis) {
    distinct.forEach(h -> h.stop(waitMillis));
    scheduler.shutdownNow();
  }

  /** Stops the timer of a server that never started. */
  public void abandon() {
    scheduler.shutdownNow();
  }

  /** Each hub's service connection states, by path. */
  public Map<String, List<ServiceConnectionState>> states() {
    Map<String, List<ServiceConnectionState>> states = new LinkedHashMap<>();
    hubs.forEach((path, hub) -> states.put(path, hub.states()));
    return states;
  }

  /** Whether every hub has at least one service connection up. */
  public boolean isConnected() {
    return hubs.values().stream().allMatch(ServiceHub::isConnected);
  }
}
