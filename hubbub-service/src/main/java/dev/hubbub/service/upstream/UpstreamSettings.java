package dev.hubbub.service.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The upstream settings of serverless mode, in the {@code settings.json} format of Azure SignalR's emulator:
 * {@code {"UpstreamSettings":{"Templates":[{"UrlTemplate":..,"EventPattern":..,"HubPattern":..,"CategoryPattern":..}]}}}.
 * Property names are matched case-insensitively, as .NET configuration does. The first matching template wins.
 */
public record UpstreamSettings(List<UpstreamTemplate> templates) {
  /** The settings file name looked for in a folder. */
  public static final String FILE_NAME = "settings.json";
  /** Settings with no upstream: client invocations get a Completion error. */
  public static final UpstreamSettings NONE = new UpstreamSettings(List.of());
  /** The content {@code upstream init} writes: every event to a local Azure Functions host. */
  public static final UpstreamSettings DEFAULT =
      new UpstreamSettings(List.of(UpstreamTemplate.of("http://localhost:7071/runtime/webhooks/signalr")));

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public UpstreamSettings {
    templates = List.copyOf(templates);
  }

  /** The first template that takes the event. */
  public Optional<UpstreamTemplate> match(String hub, String category, String event) {
    for (UpstreamTemplate t : templates) {
      if (t.matches(hub, category, event)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads settings from JSON.
   *
   * @throws IllegalArgumentException naming what is wrong, when the JSON is malformed or a template invalid
   */
  public static UpstreamSettings parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("The upstream settings are not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("The upstream settings must be a JSON object with an 'UpstreamSettings' property.");
    }
    JsonNode upstream = property(root, "UpstreamSettings");
    if (upstream == null || upstream.isNull()) {
      return NONE;
    }
    JsonNode list = property(upstream, "Templates");
    if (list == null || list.isNull()) {
      return NONE;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("UpstreamSettings.Templates must be an array.");
    }
    List<UpstreamTemplate> templates = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String url = text(item, "UrlTemplate");
      if (url == null) {
        throw new IllegalArgumentException("UpstreamSettings.Templates[" + i + "] has no UrlTemplate.");
      }
      try {
        templates.add(UpstreamTemplate.of(url, text(item, "EventPattern"), text(item, "HubPattern"),
            text(item, "CategoryPattern")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("UpstreamSettings.Templates[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new UpstreamSettings(templates);
  }

  /** Reads a settings file. */
  public static UpstreamSettings read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Resolves {@code --config}: a file, or a folder that holds {@code settings.json}.
   *
   * @throws IOException with the emulator's message when neither exists
   */
  public static Path resolve(Path fileOrFolder) throws IOException {
    if (Files.isRegularFile(fileOrFolder)) {
      return fileOrFolder;
    }
    Path inFolder = fileOrFolder.resolve(FILE_NAME);
    if (Files.isRegularFile(inFolder)) {
      return inFolder;
    }
    throw new IOException("Unable to find config file '" + fileOrFolder + "' or '" + inFolder + "'.");
  }

  /** The settings as JSON in the emulator's format, indented. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode list = root.putObject("UpstreamSettings").putArray("Templates");
    for (UpstreamTemplate t : templates) {
      list.addObject().put("UrlTemplate", t.urlTemplate()).put("EventPattern", t.eventPattern())
          .put("HubPattern", t.hubPattern()).put("CategoryPattern", t.categoryPattern());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable JsonNode property(JsonNode node, String name) {
    if (!node.isObject()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static @Nullable String text(JsonNode node, String name) {
    JsonNode value = property(node, name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string.");
    }
    return value.asText();
  }
}
