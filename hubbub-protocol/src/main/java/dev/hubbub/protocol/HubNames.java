package dev.hubbub.protocol;

import java.util.regex.Pattern;

/** Azure SignalR Service's rule for hub and application names, with the error texts it documents. */
public final class HubNames {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_`,.\\[\\]]{0,127}$");

  /** The service's text for a hub name that breaks the rule. */
  public static final String INVALID_HUB = "Invalid hub name. Valid hub name should be in between 1 and 128 "
      + "characters long. The first character must be a letter, other characters can be letters, digits or the "
      + "following symbols _`,.[]";
  /** The service's text for an application name that breaks the rule. */
  public static final String INVALID_APPLICATION = "Invalid application name. Valid application name should be in"
      + " between 1 and 128 characters long. The first character must be a letter, other characters can be"
      + " letters, digits or the following symbols _`,.[]";

  private HubNames() {}

  /** Whether {@code name} is a valid hub (or application) name: 1 to 128 characters, a letter first. */
  public static boolean isValid(String name) {
    return NAME.matcher(name).matches();
  }
}
