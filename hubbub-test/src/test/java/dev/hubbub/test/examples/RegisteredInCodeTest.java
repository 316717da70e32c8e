package dev.hubbub.test.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.service.ServiceMode;
import dev.hubbub.test.HubbubServiceExtension;
import dev.hubbub.test.client.HubTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension registered in code, with service options the annotation has no attribute for. */
class RegisteredInCodeTest {

  @RegisterExtension
  static final HubbubServiceExtension hubbub = HubbubServiceExtension.builder()
      .mode(ServiceMode.SERVERLESS)
      .options(o -> o.keepAliveInterval(Duration.ofSeconds(2)).maxClientMessageSize(64 * 1024))
      .build();

  @Test
  void usesTheServiceThroughTheExtension() {
    HubTestClient client = hubbub.clients().connect("chat", "alice");
    hubbub.hubContext("chat").clients().user("alice").send("hello", "alice");

    assertThat(client.on("hello").awaitNext().arguments()).containsExactly("alice");
    assertThat(hubbub.connectionString()).startsWith("Endpoint=" + hubbub.endpoint() + ";");
  }
}
