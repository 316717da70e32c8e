package dev.hubbub.management.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A hub as the service knows it: the hub name and the optional application name, both lower-cased as every
 * Azure SignalR SDK does. The service-side name is {@code app_hub}.
 *
 * @param hub the lower-cased hub name
 * @param application the lower-cased application name, or null
 */
public record HubRef(String hub, @Nullable String application) {
  // The service's rule for hub and application names.
  private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}$");

  /**
   * A hub reference, names checked and lower-cased.
   *
   * @throws IllegalArgumentException if a name breaks the service's rule
   */
  public static HubRef of(String hub, @Nullable String application) {
    check("hub", hub);
    if (application != null && !application.isEmpty()) {
      check("application", application);
      return new HubRef(hub.toLowerCase(Locale.ROOT), application.toLowerCase(Locale.ROOT));
    }
    return new HubRef(hub.toLowerCase(Locale.ROOT), null);
  }

  /** Checks an application name without building a reference. */
  public static void checkApplication(String application) {
    check("application", application);
  }

  private static void check(String what, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Invalid " + what + " name '" + name + "': it must start with a letter and"
          + " hold at most 128 letters, digits or _`,.[] characters.");
    }
  }

  /** The name the service routes by: {@code hub}, or {@code application_hub}. */
  public String serviceHubName() {
    return application == null ? hub : application + "_" + hub;
  }
}
