package dev.hubbub.server;

import org.jspecify.annotations.Nullable;

/** Hubs with {@link Authorize} for the authorization tests. */
final class SecureHubs {
  private SecureHubs() {
  }

  /** Only authenticated users connect; some methods need more. */
  @Authorize
  public static class Members extends Hub {
    public @Nullable String whoAmI() {
      return context().userIdentifier();
    }

    public String claim(String type) {
      return String.join(",", context().user().claim(type));
    }

    @Authorize(roles = {"admin", "owner"})
    public String adminOnly() {
      return "admin ok";
    }

    @Authorize(policy = "tenantA")
    public String tenantOnly() {
      return "tenant ok";
    }
  }

  /** Anyone connects; one method needs a user. */
  public static class Lobby extends Hub {
    public String open() {
      return "open ok";
    }

    @Authorize
    public String membersOnly() {
      return "members ok";
    }
  }

  /** Only staff connect. */
  @Authorize(roles = "staff")
  public static class Staff extends Hub {
    public String hello() {
      return "hello staff";
    }
  }

  /** Names a policy nobody registers. */
  public static class Misconfigured extends Hub {
    @Authorize(policy = "nobodyRegisteredThis")
    public void call() {
    }
  }
}
