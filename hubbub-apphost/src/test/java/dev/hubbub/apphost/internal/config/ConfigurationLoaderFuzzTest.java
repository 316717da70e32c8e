package dev.hubbub.apphost.internal.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.apphost.Configuration;
import dev.hubbub.apphost.DistributedApplicationException;
import dev.hubbub.apphost.DistributedApplicationOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app host's configuration sources merged by {@link ConfigurationLoader}: an {@code appsettings.json}, the
 * environment and the command line, each as a user could get them wrong. Any input gives a configuration or a
 * {@link DistributedApplicationException} with a message; a settings file is refused unless its top-level element
 * is an object, as .NET's JSON configuration does; and the command line wins.
 */
class ConfigurationLoaderFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SETTINGS;

  static {
    try {
      Path dir = Files.createTempDirectory("hubbub-config-fuzz");
      dir.toFile().deleteOnExit();
      SETTINGS = dir.resolve("appsettings.json");
      SETTINGS.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Three parts split by NUL: the settings file, the arguments (one a line), the environment (k=v lines). */
  @FuzzTest(maxDuration = "10s")
  void load(byte[] input) throws IOException {
    String[] parts = new String(input, StandardCharsets.UTF_8).split("\0", 3);
    Files.writeString(SETTINGS, parts[0]);
    List<String> args = parts.length > 1 && !parts[1].isEmpty() ? List.of(parts[1].split("\n", -1)) : List.of();
    Map<String, String> environment = new LinkedHashMap<>();
    if (parts.length > 2) {
      for (String line : parts[2].split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          environment.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    DistributedApplicationOptions options = new DistributedApplicationOptions(args, environment, Map.of(), SETTINGS);
    Configuration config;
    Map<String, String> parsedArgs;
    try {
      config = ConfigurationLoader.load(options);
      parsedArgs = ConfigurationLoader.parseArgs(args);
    } catch (DistributedApplicationException expected) {
      check(expected.getMessage() != null && !expected.getMessage().isEmpty(), "an error without a message");
      return;
    }
    // .NET refuses a settings file whose top-level element is not an object ("Top-level JSON element must be
    // an object"), rather than reading made-up keys such as ':0' from it
    try {
      JsonNode root = JSON.readTree(parts[0]);
      check(root == null || root.isMissingNode() || root.isObject(),
          "a settings file whose root is " + root.getNodeType() + " was accepted: " + config.asMap());
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      // refused above, or the file had what Jackson alone refuses; either way not our concern here
    }
    // the last of the arguments with a key (compared ignoring case) is what the configuration holds
    Map<String, String> last = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    last.putAll(parsedArgs);
    last.forEach((k, v) -> check(v.equals(config.get(k).orElse(null)), "argument " + k + " lost"));
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
