package dev.hubbub.service.spi;

/**
 * Makes a {@link ServiceBackplane} from a URI such as {@code redis://host:6379}; found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.hubbub.service.spi.ServiceBackplaneProvider}
 * entry), so that adding {@code hubbub-service-redis} to the class path is enough for {@code start --redis}.
 */
public interface ServiceBackplaneProvider {

  /** Whether this provider handles the URI's scheme ({@code redis}, {@code rediss}). */
  boolean supports(String uri);

  /**
   * A backplane for {@code uri}, not yet connected.
   *
   * @throws IllegalArgumentException when the URI is malformed; the message never contains its password
   */
  ServiceBackplane create(String uri);
}
