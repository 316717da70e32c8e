package dev.hubbub.serviceconnection;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.connection.InvalidConnectionStringException;
import dev.hubbub.protocol.connection.JsonConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lookup the hub server and the management SDK share: a resource name, system properties, environment,
 * values in code and an appsettings.json, then the connection string parsed. Any input gives a connection
 * string, an IllegalStateException saying what to set, or an InvalidConnectionStringException naming the key;
 * no other exception, an error never shows the access key, and a parsed string has the endpoints the SDKs
 * sign tokens for.
 */
class SignalRConfigurationFuzzTest {
  private static final Pattern ACCESS_KEY = Pattern.compile("(?i)accesskey\\s*=([^;]*)");

  /**
   * First line: the name. Then {@code key=value} lines, spread over properties, environment and overrides; after
   * a NUL, the appsettings.json text.
   */
  @FuzzTest(maxDuration = "10s")
  void connectionString(byte[] input) {
    String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", 2);
    String[] lines = parts[0].split("\n", -1);
    String name = lines[0];
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq >= 0) {
        (i % 3 == 0 ? properties : i % 3 == 1 ? environment : overrides)
            .put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
      }
    }
    Map<String, String> settings = Map.of();
    if (parts.length > 1) {
      try {
        settings = JsonConfiguration.flatten(parts[1]);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // readAppSettings reports it with the file's name
      }
    }
    SignalRConfiguration config = SignalRConfiguration.of(properties::get, environment::get, settings)
        .withOverrides(overrides);
    ConnectionString cs;
    try {
      cs = config.connectionString(name);
    } catch (IllegalStateException missing) {
      check(missing.getMessage().contains("ConnectionStrings__" + name), missing.getMessage());
      return;
    } catch (InvalidConnectionStringException invalid) {
      check(invalid.getMessage().startsWith("The connection string in '"), invalid.getMessage());
      String shown = invalid.getMessage();
      for (String value : allValues(properties, environment, overrides, settings)) {
        Matcher key = ACCESS_KEY.matcher(value);
        while (key.find()) {
          String secret = key.group(1).strip();
          check(secret.length() < 8 || !shown.contains(secret), "an error shows the access key: " + shown);
        }
      }
      return;
    }
    check(cs.endpoint().isAbsolute() && cs.serverEndpoint().isAbsolute() && cs.clientEndpoint().isAbsolute(),
        "relative endpoint in " + cs);
    check(cs.audienceBase().toString().endsWith("/"), "audience " + cs.audienceBase());
    // the AccessKey property is masked (another property may of course hold the same text)
    for (String segment : cs.toString().split(";")) {
      int eq = segment.indexOf('=');
      if (eq > 0 && segment.substring(0, eq).strip().equalsIgnoreCase("AccessKey")) {
        check(segment.substring(eq + 1).equals("***"), "toString shows the key: " + segment);
      }
    }
  }

  @SafeVarargs
  private static java.util.List<String> allValues(Map<String, String>... maps) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Map<String, String> m : maps) {
      out.addAll(m.values());
    }
    return out;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
