package dev.hubbub.server;

/**
 * Whether a client must come back to the server that negotiated it, conveyed to the service in the client
 * token ({@code asrs.s.sn} = server id, {@code asrs.s.ssticky} = {@code Preferred}/{@code Required}).
 */
public enum ServerStickyMode {
  /** The service chooses any connected server. */
  DISABLED("Disabled"),
  /** The negotiating server when it has a connection to the service, else any. */
  PREFERRED("Preferred"),
  /** Only the negotiating server; the client fails when it is not connected. */
  REQUIRED("Required");

  private final String wireName;

  ServerStickyMode(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code asrs.s.ssticky} claim. */
  public String wireName() {
    return wireName;
  }

  static ServerStickyMode parse(String text) {
    for (ServerStickyMode m : values()) {
      if (m.wireName.equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unknown ServerStickyMode '" + text
        + "'; expected Disabled, Preferred or Required");
  }
}
