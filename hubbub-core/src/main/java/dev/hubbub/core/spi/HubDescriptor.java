package dev.hubbub.core.spi;

import java.util.Objects;

/**
 * Which hub a lifetime manager is made for.
 *
 * @param path where the hub is mapped ({@code /chat})
 * @param typeName the hub's fully qualified class name ({@code com.example.ChatHub}); ASP.NET Core's Redis
 *     backplane names its channels after the hub's full type name, so a backplane shared with .NET servers needs
 *     it (or an override)
 */
public record HubDescriptor(String path, String typeName) {
  public HubDescriptor {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(typeName, "typeName");
  }
}
