package dev.hubbub.spring.boot;

/**
 * A Hubbub setting that cannot work: start-up fails with Spring Boot's failure analysis, which names
 * {@link #property()} as the one to fix.
 */
public final class HubbubConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final String action;

  /**
   * @param property the property to fix, as the user sets it ({@code hubbub.signalr.connection-count})
   * @param message what is wrong, with the bad value (secrets masked)
   * @param action what to do
   */
  public HubbubConfigurationException(String property, String message, String action, Throwable cause) {
    super(message, cause);
    this.property = property;
    this.action = action;
  }

  /** The property to fix. */
  public String property() {
    return property;
  }

  /** What to do about it. */
  public String action() {
    return action;
  }
}
