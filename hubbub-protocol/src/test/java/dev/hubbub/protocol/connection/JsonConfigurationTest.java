package dev.hubbub.protocol.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonConfigurationTest {

  @Test
  void nestedObjectsArraysAndScalarsBecomeColonKeys() throws Exception {
    Map<String, String> m = JsonConfiguration.flatten("""
        {"Azure":{"SignalR":{"signalr":{"ServiceMode":"Default","ServerStickyMode":"Required","ConnectionCount":5}}},
         "Cors":["a","b"], "Empty": null, "On": true}""");
    assertThat(m).containsExactly(
        Map.entry("Azure:SignalR:signalr:ConnectionCount", "5"),
        Map.entry("Azure:SignalR:signalr:ServerStickyMode", "Required"),
        Map.entry("Azure:SignalR:signalr:ServiceMode", "Default"),
        Map.entry("Cors:0", "a"),
        Map.entry("Cors:1", "b"),
        Map.entry("Empty", ""),
        Map.entry("On", "true"));
    assertThat(m.get("azure:signalr:SIGNALR:connectioncount")).as("case-insensitive").isEqualTo("5");
  }

  @Test
  void malformedJsonIsRefused() {
    assertThatThrownBy(() -> JsonConfiguration.flatten("{\"Azure\":{\"SignalR\":{}}"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void aTopLevelElementOtherThanAnObjectIsRefused() throws Exception {
    // Found by ConfigurationLoaderFuzzTest: an appsettings.json holding [1,2] was read as keys ':0' and ':1'.
    assertThatThrownBy(() -> JsonConfiguration.flatten("[1,2]"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageStartingWith("Top-level JSON element must be an object. Instead, 'ARRAY' was found.");
    assertThatThrownBy(() -> JsonConfiguration.flatten("\"x\"")).hasMessageContaining("'STRING' was found");
    assertThatThrownBy(() -> JsonConfiguration.flatten("null")).hasMessageContaining("'NULL' was found");
    // an empty file holds no settings
    assertThat(JsonConfiguration.flatten("  ")).isEmpty();
  }
}
