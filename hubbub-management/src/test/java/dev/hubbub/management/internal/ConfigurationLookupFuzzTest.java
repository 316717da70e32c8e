package dev.hubbub.management.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hubbub.protocol.connection.ConnectionString;
import dev.hubbub.protocol.connection.InvalidConnectionStringException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The management SDK's way from configuration to a service: a resource name looked up in the environment, a
 * configuration map and system properties, then the connection string parsed. Any name and any settings give
 * a connection string, "missing" as an IllegalStateException naming the variable, or an
 * InvalidConnectionStringException with a message; nothing else escapes, and what parses has the endpoints the
 * SDK signs its tokens for.
 */
class ConfigurationLookupFuzzTest {
  /** First line: the resource name. Then {@code key=value} lines, split between environment and configuration. */
  @FuzzTest(maxDuration = "10s")
  void lookup(byte[] input) {
    String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
    String name = lines[0];
    Map<String, String> environment = new LinkedHashMap<>();
    Map<String, String> configuration = new LinkedHashMap<>();
    Properties properties = new Properties();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq < 0) {
        continue;
      }
      Map<String, String> target = i % 3 == 0 ? environment : configuration;
      if (i % 5 == 0) {
        properties.setProperty(lines[i].substring(0, eq), lines[i].substring(eq + 1));
      } else {
        target.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
      }
    }
    ConfigurationLookup lookup = new ConfigurationLookup(environment, configuration, properties);
    Optional<String> found = lookup.find(name);
    if (found.isEmpty()) {
      try {
        lookup.require(name);
        throw new AssertionError("require found what find did not");
      } catch (IllegalStateException expected) {
        check(expected.getMessage().contains("ConnectionStrings__" + name), expected.getMessage());
      }
      return;
    }
    String value = found.get();
    check(!value.isEmpty() && value.equals(value.strip()), "not stripped: '" + value + "'");
    ConnectionString cs;
    try {
      cs = ConnectionString.parse(value);
    } catch (InvalidConnectionStringException expected) {
      check(expected.getMessage() != null && !expected.getMessage().isEmpty(), "an error without a message");
      return;
    }
    // what ServiceManagerBuilder and the REST client use
    check(cs.endpoint().isAbsolute() && cs.serverEndpoint().isAbsolute() && cs.clientEndpoint().isAbsolute(),
        "relative endpoint in " + cs);
    check(cs.audienceBase().toString().endsWith("/"), "audience " + cs.audienceBase());
    cs.toString();
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
