package dev.hubbub.protocol.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The grammar and rules of reference section 2, producing a {@link ConnectionString}. */
final class ConnectionStringParser {
  static final String ENDPOINT = "endpoint";
  static final String ACCESS_KEY = "accesskey";
  static final String VERSION = "version";
  static final String PORT = "port";
  static final String CLIENT_ENDPOINT = "clientendpoint";
  static final String SERVER_ENDPOINT = "serverendpoint";
  static final String AUTH_TYPE = "authtype";
  static final String CLIENT_ID = "clientid";
  static final String CLIENT_SECRET = "clientsecret";
  static final String CLIENT_CERT = "clientcert";
  static final String TENANT_ID = "tenantid";

  private static final String MISSING = "Connection string missing required properties ";
  // .NET's \w and \d are Unicode-aware; so is this with UNICODE_CHARACTER_CLASS.
  private static final Pattern VERSION_PATTERN =
      Pattern.compile("^1\\.\\d+(?:[\\w.-]+)?$", Pattern.UNICODE_CHARACTER_CLASS);

  private ConnectionStringParser() {}

  static ConnectionString parse(@Nullable String text) {
    Map<String, ConnectionString.Property> properties = split(text);
    String endpointValue = value(properties, ENDPOINT);
    if (endpointValue == null || endpointValue.isEmpty()) {
      throw missing("endpoint");
    }
    URI endpoint = absoluteHttpUri(trimEndSlashes(endpointValue), "endpoint");

    String version = value(properties, VERSION);
    if (version != null && !VERSION_PATTERN.matcher(version).matches()) {
      throw new InvalidConnectionStringException("Version " + shown(version) + " is not supported.");
    }

    int port = endpoint.getPort() >= 0 ? endpoint.getPort() : defaultPort(endpoint.getScheme());
    String portValue = value(properties, PORT);
    if (portValue != null) {
      port = parsePort(portValue);
    }
    URI normalized = origin(endpoint, port, "");
    URI audienceBase = origin(endpoint, -1, "/");

    String clientValue = value(properties, CLIENT_ENDPOINT);
    URI clientEndpoint = clientValue == null ? normalized
        : absoluteHttpUri(trimEndSlashes(clientValue), "clientEndpoint");
    String serverValue = value(properties, SERVER_ENDPOINT);
    URI serverEndpoint = serverValue == null ? normalized
        : absoluteHttpUri(trimEndSlashes(serverValue), "serverEndpoint");

    String accessKey = emptyToNull(value(properties, ACCESS_KEY));
    AuthType authType = authType(properties, accessKey);
    return new ConnectionString(properties, normalized, audienceBase, clientEndpoint, serverEndpoint,
        accessKey, authType, version);
  }

  private static Map<String, ConnectionString.Property> split(@Nullable String text) {
    Map<String, ConnectionString.Property> properties = new LinkedHashMap<>();
    if (text == null) {
      throw missing("endpoint");
    }
    String[] segments = text.split(";");
    int nonEmpty = 0;
    for (String segment : segments) {
      if (!segment.isEmpty()) {
        nonEmpty++;
      }
    }
    if (nonEmpty < 2) {
      throw missing("endpoint");
    }
    for (String segment : segments) {
      int eq = segment.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = segment.substring(0, eq).strip();
      String value = segment.substring(eq + 1).strip();
      String lower = key.toLowerCase(Locale.ROOT);
      if (properties.containsKey(lower)) {
        throw new InvalidConnectionStringException(
            "Duplicate properties found in connection string: " + key + ".");
      }
      properties.put(lower, new ConnectionString.Property(key, value));
    }
    return properties;
  }

  private static AuthType authType(Map<String, ConnectionString.Property> properties,
      @Nullable String accessKey) {
    String value = value(properties, AUTH_TYPE);
    if (value == null || value.isEmpty()) {
      // Latest SDKs: no AccessKey and no AuthType means the default Azure credential.
      return accessKey == null ? AuthType.AZURE : AuthType.ACCESS_KEY;
    }
    AuthType type = AuthType.fromValue(value).orElseThrow(() -> new InvalidConnectionStringException(
        "Invalid value for authType property: " + shown(value)
            + ". Use azure, azure.msi, azure.app or aad, or remove AuthType to use the AccessKey."));
    String clientId = emptyToNull(value(properties, CLIENT_ID));
    String tenantId = emptyToNull(value(properties, TENANT_ID));
    boolean secretOrCert = emptyToNull(value(properties, CLIENT_SECRET)) != null
        || emptyToNull(value(properties, CLIENT_CERT)) != null;
    if (type == AuthType.AZURE_APP) {
      requireAppRegistration(clientId, tenantId, secretOrCert);
    } else if (type == AuthType.AAD && (tenantId != null || secretOrCert)) {
      // aad with a tenant or a credential is an app registration; otherwise a managed identity.
      requireAppRegistration(clientId, tenantId, secretOrCert);
    }
    return type;
  }

  private static void requireAppRegistration(@Nullable String clientId, @Nullable String tenantId,
      boolean secretOrCert) {
    if (clientId == null) {
      throw missing("clientId");
    }
    if (tenantId == null) {
      throw missing("tenantId");
    }
    if (!secretOrCert) {
      throw missing("clientSecret or clientCert");
    }
  }

  private static int parsePort(String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port <= 0 || port >= 65536) {
      throw new InvalidConnectionStringException(
          "Invalid value for port property, it must be an positive integer between (0, 65536).");
    }
    return port;
  }

  private static URI absoluteHttpUri(String value, String property) {
    InvalidConnectionStringException invalid = new InvalidConnectionStringException(
        "Invalid value for " + property + " property, it must be a valid URI.");
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid;
    }
    String scheme = uri.getScheme();
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw invalid;
    }
    if (!scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
      try {
        uri = new URI(value.replaceFirst("^[^:]*", scheme.toLowerCase(Locale.ROOT)));
      } catch (URISyntaxException e) {
        throw invalid;
      }
    }
    return uri;
  }

  /** {@code scheme://host[:port]path} of {@code uri}: no user info, query or fragment. */
  private static URI origin(URI uri, int port, String path) {
    try {
      // Host names are case-insensitive; .NET's Uri lower-cases them, and audiences must match its output.
      return new URI(uri.getScheme(), null, uri.getHost().toLowerCase(Locale.ROOT), port, path, null, null);
    } catch (URISyntaxException e) {
      throw new InvalidConnectionStringException("Invalid value for endpoint property, it must be a valid URI.");
    }
  }

  static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }

  private static String trimEndSlashes(String value) {
    int end = value.length();
    while (end > 0 && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(0, end);
  }

  private static @Nullable String value(Map<String, ConnectionString.Property> properties, String lowerKey) {
    ConnectionString.Property property = properties.get(lowerKey);
    return property == null ? null : property.value();
  }

  /**
   * A property value as an error may quote it: as written, unless it holds '=', which means a ';' is missing
   * and the value has swallowed the next property, perhaps the AccessKey, which must not reach a log.
   */
  private static String shown(String value) {
    return value.indexOf('=') < 0 ? value
        : "(a value holding '=': is a ';' missing before the next property?)";
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static InvalidConnectionStringException missing(String what) {
    return new InvalidConnectionStringException(MISSING + what + ".");
  }
}
