package dev.hubbub.test.internal;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded service started for tests, with the management SDK objects made for it (one {@link ServiceManager},
 * one {@link ServiceHubContext} per hub), all closed together. {@link #toString()} shows no key.
 */
public final class RunningService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.test");
  /** The Close message clients get when the hubs are cleared between tests. */
  public static final String CLEAR_REASON = "The test ended: hubbub-test clears the hubs between tests.";

  private final HubbubService service;
  private final Object lock = new Object();
  private @Nullable ServiceManager manager; // guarded by lock
  private final Map<String, ServiceHubContext> contexts = new ConcurrentHashMap<>();

  private RunningService(HubbubService service) {
    this.service = service;
  }

  /** Starts a service with {@code options}. */
  public static RunningService start(ServiceOptions options) {
    try {
      HubbubService service = HubbubService.start(options);
      log.info("Hubbub service for tests at {} ({} mode)", service.endpoint(), options.mode());
      return new RunningService(service);
    } catch (IOException e) {
      throw new UncheckedIOException("The Hubbub service for tests did not start: " + e.getMessage(), e);
    }
  }

  /** The service. */
  public HubbubService service() {
    return service;
  }

  /** The management SDK's manager for this service, made on first use. */
  public ServiceManager manager() {
    synchronized (lock) {
      ServiceManager m = manager;
      if (m == null) {
        m = new ServiceManagerBuilder().connectionString(service.connectionString()).build();
        manager = m;
      }
      return m;
    }
  }

  /** The hub context of {@code hub} (one per hub name, ignoring case), made on first use. */
  public ServiceHubContext hubContext(String hub) {
    return contexts.computeIfAbsent(hub.toLowerCase(Locale.ROOT), h -> manager().createHubContext(hub));
  }

  /**
   * Clears the hubs ({@link HubbubService#clearHubs}) and waits up to {@code timeout} until no client connection is
   * left.
   *
   * @throws IllegalStateException naming how many connections are left when they do not all go in time
   */
  public void clear(Duration timeout) {
    service.clearHubs(CLEAR_REASON);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (service.connectionCount() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Clearing the hubs after the test left " + service.connectionCount()
            + " client connection(s) open after " + timeout.toMillis() + " ms; the next test would see them.");
      }
      try {
        Thread.sleep(5); // polling a count that has no event to wait on; bounded by the timeout above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    contexts.values().forEach(ServiceHubContext::close);
    contexts.clear();
    synchronized (lock) {
      if (manager != null) {
        manager.close();
        manager = null;
      }
    }
    service.close();
    log.info("Hubbub service for tests at {} closed", service.endpoint());
  }

  @Override
  public String toString() {
    return "RunningService[" + service.endpoint() + ", " + service.options().mode() + "]";
  }
}
