package dev.hubbub.protocol.connection;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link ConnectionString} property by property. {@link #build()} formats the properties and
 * parses the result, so a built string obeys exactly the rules of {@link ConnectionString#parse}.
 */
public final class ConnectionStringBuilder {
  // Lower-cased key -> {key as given, value}; setting a key again replaces it in place.
  private final Map<String, String[]> properties = new LinkedHashMap<>();

  ConnectionStringBuilder() {}

  /** Sets {@code Endpoint}, e.g. {@code https://x.service.signalr.net}. */
  public ConnectionStringBuilder endpoint(String endpoint) {
    return property("Endpoint", endpoint);
  }

  /** Sets {@code AccessKey}. */
  public ConnectionStringBuilder accessKey(String accessKey) {
    return property("AccessKey", accessKey);
  }

  /** Sets {@code Version}, e.g. {@code 1.0}. */
  public ConnectionStringBuilder version(String version) {
    return property("Version", version);
  }

  /** Sets {@code Port}, which overrides the endpoint's port. */
  public ConnectionStringBuilder port(int port) {
    return property("Port", Integer.toString(port));
  }

  /** Sets {@code ClientEndpoint}. */
  public ConnectionStringBuilder clientEndpoint(String clientEndpoint) {
    return property("ClientEndpoint", clientEndpoint);
  }

  /** Sets {@code ServerEndpoint}. */
  public ConnectionStringBuilder serverEndpoint(String serverEndpoint) {
    return property("ServerEndpoint", serverEndpoint);
  }

  /** Sets {@code AuthType} from an identity type; {@link AuthType#ACCESS_KEY} removes it. */
  public ConnectionStringBuilder authType(AuthType authType) {
    if (authType == AuthType.ACCESS_KEY) {
      return remove("AuthType");
    }
    return property("AuthType", authType.value().orElseThrow());
  }

  /** Sets {@code ClientId}. */
  public ConnectionStringBuilder clientId(String clientId) {
    return property("ClientId", clientId);
  }

  /** Sets {@code ClientSecret}. */
  public ConnectionStringBuilder clientSecret(String clientSecret) {
    return property("ClientSecret", clientSecret);
  }

  /** Sets {@code ClientCert} (a certificate file path). */
  public ConnectionStringBuilder clientCert(String clientCert) {
    return property("ClientCert", clientCert);
  }

  /** Sets {@code TenantId}. */
  public ConnectionStringBuilder tenantId(String tenantId) {
    return property("TenantId", tenantId);
  }

  /**
   * Sets any property; a key set before (in any case) keeps its place and takes the new value.
   *
   * @throws IllegalArgumentException if the key or value contains {@code ;}, or the key contains {@code =}
   */
  public ConnectionStringBuilder property(String key, String value) {
    if (key.isBlank() || key.indexOf(';') >= 0 || key.indexOf('=') >= 0 || value.indexOf(';') >= 0) {
      throw new IllegalArgumentException("Property " + key + " cannot be written in a connection string: "
          + "keys must be non-blank without ';' or '=', values without ';'.");
    }
    String lower = key.toLowerCase(Locale.ROOT);
    String[] existing = properties.get(lower);
    properties.put(lower, new String[] {existing == null ? key : existing[0], value});
    return this;
  }

  /** Removes a property, matched case-insensitively. */
  public ConnectionStringBuilder remove(String key) {
    properties.remove(key.toLowerCase(Locale.ROOT));
    return this;
  }

  /**
   * The connection string.
   *
   * @throws InvalidConnectionStringException when the properties break a rule of {@link ConnectionString#parse}
   */
  public ConnectionString build() {
    StringBuilder out = new StringBuilder();
    for (String[] p : properties.values()) {
      out.append(p[0]).append('=').append(p[1]).append(';');
    }
    return ConnectionString.parse(out.toString());
  }
}
