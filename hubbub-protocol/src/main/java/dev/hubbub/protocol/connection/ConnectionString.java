package dev.hubbub.protocol.connection;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Azure SignalR connection string such as
 * {@code Endpoint=https://x.service.signalr.net;AccessKey=...;Version=1.0;}. Immutable.
 *
 * <p>Parsing follows the official SDK: segments split on {@code ;}, each at its first {@code =}, keys
 * case-insensitive and unique, unknown keys kept but unused. {@link #toString()} masks the access key and
 * client secret; {@link #format()} gives the full string back.
 */
public final class ConnectionString {
  /** The fixed access key of the local emulator (the official emulator's, also used by Aspire). */
  public static final String EMULATOR_ACCESS_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

  private static final String MASK = "***";

  /** One {@code key=value} segment: the key as written, the value trimmed. */
  record Property(String key, String value) {}

  // Keyed by lower-cased key, in the order written.
  private final Map<String, Property> properties;
  private final URI endpoint;
  private final URI audienceBase;
  private final URI clientEndpoint;
  private final URI serverEndpoint;
  private final @Nullable String accessKey;
  private final AuthType authType;
  private final @Nullable String version;

  ConnectionString(Map<String, Property> properties, URI endpoint, URI audienceBase, URI clientEndpoint,
      URI serverEndpoint, @Nullable String accessKey, AuthType authType, @Nullable String version) {
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    this.endpoint = endpoint;
    this.audienceBase = audienceBase;
    this.clientEndpoint = clientEndpoint;
    this.serverEndpoint = serverEndpoint;
    this.accessKey = accessKey;
    this.authType = authType;
    this.version = version;
  }

  /**
   * Parses a connection string.
   *
   * @throws InvalidConnectionStringException naming the missing, duplicate or invalid property
   */
  public static ConnectionString parse(@Nullable String text) {
    return ConnectionStringParser.parse(text);
  }

  /** The emulator's connection string for a service on {@code localhost:port}. */
  public static ConnectionString emulator(int port) {
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
    }
    return parse("Endpoint=http://localhost:" + port + ";AccessKey=" + EMULATOR_ACCESS_KEY + ";Version=1.0;");
  }

  /** A builder for a new connection string. */
  public static ConnectionStringBuilder builder() {
    return new ConnectionStringBuilder();
  }

  /** A builder holding this string's properties, to change some of them. */
  public ConnectionStringBuilder toBuilder() {
    ConnectionStringBuilder builder = new ConnectionStringBuilder();
    properties.values().forEach(p -> builder.property(p.key(), p.value()));
    return builder;
  }

  /** The service endpoint, normalized to {@code scheme://host:port} with {@code Port=} applied. */
  public URI endpoint() {
    return endpoint;
  }

  /** {@code scheme://host/}: the base of every token audience; never carries a port. */
  public URI audienceBase() {
    return audienceBase;
  }

  /** Where clients connect: {@code ClientEndpoint} as written (trailing {@code /} trimmed), else {@link #endpoint()}. */
  public URI clientEndpoint() {
    return clientEndpoint;
  }

  /** Where servers, REST and health calls go: {@code ServerEndpoint}, else {@link #endpoint()}. */
  public URI serverEndpoint() {
    return serverEndpoint;
  }

  /** The access key that signs tokens; empty when absent or blank. */
  public Optional<String> accessKey() {
    return Optional.ofNullable(accessKey);
  }

  /** How tokens are obtained; {@link AuthType#ACCESS_KEY} when the string has an access key and no AuthType. */
  public AuthType authType() {
    return authType;
  }

  /** The {@code Version} value (validated, otherwise unused); empty when absent. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /** {@code ClientId} for identity auth; empty when absent. */
  public Optional<String> clientId() {
    return property("ClientId").filter(v -> !v.isEmpty());
  }

  /** {@code ClientSecret} for app-registration auth; empty when absent. */
  public Optional<String> clientSecret() {
    return property("ClientSecret").filter(v -> !v.isEmpty());
  }

  /** {@code ClientCert} (a certificate path) for app-registration auth; empty when absent. */
  public Optional<String> clientCert() {
    return property("ClientCert").filter(v -> !v.isEmpty());
  }

  /** {@code TenantId} for app-registration auth; empty when absent. */
  public Optional<String> tenantId() {
    return property("TenantId").filter(v -> !v.isEmpty());
  }

  /** The value of any property, known or not, looked up case-insensitively. */
  public Optional<String> property(String key) {
    Property property = properties.get(key.toLowerCase(Locale.ROOT));
    return property == null ? Optional.empty() : Optional.of(property.value());
  }

  /** Every property as {@code key -> value}, keys as written, in the order written. */
  public Map<String, String> properties() {
    Map<String, String> out = new LinkedHashMap<>();
    properties.values().forEach(p -> out.put(p.key(), p.value()));
    return Collections.unmodifiableMap(out);
  }

  /** The full connection string, secrets included: {@code key=value;} per property, in order. */
  public String format() {
    return render(false);
  }

  /** The connection string with the access key and client secret replaced by {@code ***}. */
  @Override
  public String toString() {
    return render(true);
  }

  private String render(boolean mask) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Property> e : properties.entrySet()) {
      boolean secret = e.getKey().equals(ConnectionStringParser.ACCESS_KEY)
          || e.getKey().equals(ConnectionStringParser.CLIENT_SECRET);
      out.append(e.getValue().key()).append('=')
          .append(mask && secret ? MASK : e.getValue().value()).append(';');
    }
    return out.toString();
  }

  /** Equal when both hold the same properties (keys compared case-insensitively) in the same order. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ConnectionString other && canonical().equals(other.canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  private java.util.List<String> canonical() {
    return properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().value()).toList();
  }
}
