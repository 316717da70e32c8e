package dev.hubbub.spring.boot.internal;

import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.spring.boot.HubbubConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded Hubbub service the starter runs in development when no connection string is configured. */
public final class DevService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.hubbub.spring");

  private final HubbubService service;

  private DevService(HubbubService service) {
    this.service = service;
  }

  /**
   * Starts a service on loopback.
   *
   * @param serverless whether the application has no hubs (management SDK only): the service then runs in
   *     Serverless mode, else in Default mode with the hubs behind it
   */
  public static DevService start(int port, boolean serverless) {
    ServiceMode mode = serverless ? ServiceMode.SERVERLESS : ServiceMode.DEFAULT;
    try {
      HubbubService service = HubbubService.start(ServiceOptions.builder().port(port).mode(mode)
          .build());
      DevService dev = new DevService(service);
      log.info("Hubbub dev service started in {} mode: ConnectionStrings__signalr={} (set a connection string, or "
          + "hubbub.signalr.dev-service.enabled=false, to turn it off)", mode, dev.maskedConnectionString());
      return dev;
    } catch (IOException | RuntimeException e) {
      throw new HubbubConfigurationException("hubbub.signalr.dev-service.port", "the dev service cannot start on "
          + "port " + port + ": " + e.getMessage(), "choose a free port (0 picks one), or turn the dev service "
          + "off with hubbub.signalr.dev-service.enabled=false", e);
    }
  }

  /** The service. */
  public HubbubService service() {
    return service;
  }

  /** The service's connection string, access key included. */
  public String connectionString() {
    return service.connectionString();
  }

  String maskedConnectionString() {
    return service.connectionString().replaceAll("(?i)(AccessKey=)[^;]*", "$1***");
  }

  /**
   * Whether the application runs in development: its main class comes from a class directory (an IDE,
   * {@code spring-boot:run}, tests) rather than a packaged jar.
   */
  public static boolean isDevelopment(@Nullable Class<?> mainClass) {
    if (mainClass == null) {
      return false;
    }
    CodeSource source = mainClass.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null) {
      return false;
    }
    String url = location.toString();
    return url.startsWith("file:") && !url.endsWith(".jar") && !url.contains(".jar!") && !url.endsWith(".war");
  }

  @Override
  public void close() {
    service.close();
  }
}
