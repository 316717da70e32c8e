package dev.hubbub.core.spi;

import dev.hubbub.protocol.hub.HubProtocolOptions;
import java.util.Objects;

/**
 * Which hub a lifetime manager is made for.
 *
 * @param path where the hub is mapped ({@code /chat})
 * @param typeName the hub's fully qualified class name ({@code com.example.ChatHub}); ASP.NET Core's Redis
 *     backplane names its channels after the hub's full type name, so a backplane shared with .NET servers needs
 *     it (or an override)
 * @param protocols the settings the hub's protocols use (the server's mapper and size limit), for a backplane that
 *     encodes messages for other servers or decodes what they send back
 */
public record HubDescriptor(String path, String typeName, HubProtocolOptions protocols) {
  public HubDescriptor {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(protocols, "protocols");
  }

  /** A hub whose protocols use the default settings. */
  public HubDescriptor(String path, String typeName) {
    this(path, typeName, HubProtocolOptions.DEFAULTS);
  }
}
