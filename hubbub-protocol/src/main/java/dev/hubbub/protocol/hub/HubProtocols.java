package dev.hubbub.protocol.hub;

import java.util.Locale;
import java.util.Optional;

/** Finds a hub protocol by the name a client sends in its handshake. */
public final class HubProtocols {
  /** The JSON protocol with default options. */
  public static final HubProtocol JSON = new JsonHubProtocol();
  /** The MessagePack protocol with default options. */
  public static final HubProtocol MESSAGEPACK = new MessagePackHubProtocol();

  private HubProtocols() {}

  /** The protocol named {@code name} (compared ignoring case, as ASP.NET does) with default options. */
  public static Optional<HubProtocol> byName(String name) {
    return byName(name, HubProtocolOptions.DEFAULTS);
  }

  /** The protocol named {@code name} (compared ignoring case) with {@code options}. */
  public static Optional<HubProtocol> byName(String name, HubProtocolOptions options) {
    boolean defaults = options.equals(HubProtocolOptions.DEFAULTS);
    return switch (name.toLowerCase(Locale.ROOT)) {
      case JsonHubProtocol.NAME -> Optional.of(defaults ? JSON : new JsonHubProtocol(options));
      case MessagePackHubProtocol.NAME -> Optional.of(defaults ? MESSAGEPACK : new MessagePackHubProtocol(options));
      default -> Optional.empty();
    };
  }
}
