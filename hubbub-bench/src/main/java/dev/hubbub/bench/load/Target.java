package dev.hubbub.bench.load;

import java.util.Locale;

/** Where the clients connect. */
public enum Target {
  /** The service's client endpoint {@code /client/?hub=...}, with an access token signed with its key. */
  SERVICE,
  /** A self-hosted hub server's hub path {@code /<hub>}, without negotiate and without a token. */
  SELF;

  public static Target parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown target '" + value + "': use service or self.");
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
