package dev.hubbub.protocol.connection;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** How a connection string authenticates: with its access key, or with a Microsoft Entra identity. */
public enum AuthType {
  /** No {@code AuthType}, an {@code AccessKey} is present: tokens are signed with the access key. */
  ACCESS_KEY(null),
  /** {@code AuthType=azure}, or neither AuthType nor AccessKey: the default Azure credential chain. */
  AZURE("azure"),
  /** {@code AuthType=azure.msi}: a managed identity ({@code ClientId} selects a user-assigned one). */
  AZURE_MSI("azure.msi"),
  /** {@code AuthType=azure.msitoken}: seen in Aspire documentation; treated like {@link #AZURE_MSI}. */
  AZURE_MSI_TOKEN("azure.msitoken"),
  /** {@code AuthType=azure.app}: an app registration ({@code ClientId}, {@code TenantId}, secret or cert). */
  AZURE_APP("azure.app"),
  /** {@code AuthType=aad} (obsolete): an app when tenant and secret/cert are given, else a managed identity. */
  AAD("aad");

  private final @Nullable String value;

  AuthType(@Nullable String value) {
    this.value = value;
  }

  /** The value written after {@code AuthType=}, empty for {@link #ACCESS_KEY}. */
  public Optional<String> value() {
    return Optional.ofNullable(value);
  }

  /** Whether tokens come from Microsoft Entra ID rather than from a local access key. */
  public boolean isIdentity() {
    return this != ACCESS_KEY;
  }

  /** The type named by an {@code AuthType} value, matched case-insensitively; empty when unknown. */
  public static Optional<AuthType> fromValue(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    for (AuthType type : values()) {
      if (lower.equals(type.value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
