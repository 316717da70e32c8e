package dev.hubbub.protocol.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of .NET configuration ({@code appsettings.json}) as flat {@code :}-separated keys, the way
 * {@code Microsoft.Extensions.Configuration.Json} reads it: nested objects join their names with {@code :}
 * ({@code {"ConnectionStrings":{"signalr":".."}}} is {@code ConnectionStrings:signalr}), array items get
 * their index as a segment, scalars become their text and {@code null} the empty string. Keys are
 * case-insensitive, as in .NET. Shared by the app host and the hub server so both read the file alike.
 */
public final class JsonConfiguration {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonConfiguration() {}

  /**
   * Flattens one JSON document.
   *
   * @return the keys and values, ordered and looked up case-insensitively
   * @throws JsonProcessingException when {@code json} is not a well-formed JSON document, or its top-level
   *     element is not an object
   */
  public static Map<String, String> flatten(String json) throws JsonProcessingException {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    JsonNode root = JSON.readTree(json);
    if (root == null || root.isMissingNode()) {
      return out; // an empty file holds no settings
    }
    if (!root.isObject()) {
      // as .NET's JSON configuration refuses it, rather than reading keys such as ':0' from an array
      throw new JsonMappingException(null, "Top-level JSON element must be an object. Instead, '"
          + root.getNodeType() + "' was found.");
    }
    flatten("", root, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + ":" + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + ":" + i, node.get(i), out);
      }
    } else if (!prefix.isEmpty()) {
      out.put(prefix, node.isNull() ? "" : node.asText());
    }
  }
}
