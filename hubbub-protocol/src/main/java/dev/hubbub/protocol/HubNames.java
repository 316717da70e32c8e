package dev.hubbub.protocol;

/** Azure SignalR Service's rule for hub and application names, with the error texts it documents. */
public final class HubNames {
  private static final int MAX_LENGTH = 128;

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
    // The rule is the pattern ^[A-Za-z][A-Za-z0-9_`,.\[\]]{0,127}$, checked by hand: every client connection and
    // REST call checks a name, and a regex matcher per check was a few hundred bytes of garbage each time.
    int n = name.length();
    if (n == 0 || n > MAX_LENGTH || !isLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!isLetter(c) && !(c >= '0' && c <= '9') && "_`,.[]".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
