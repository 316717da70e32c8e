package dev.hubbub.samples.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.apphost.DistributedApplication;
import dev.hubbub.apphost.DistributedApplicationOptions;
import dev.hubbub.apphost.RunningApplication;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaleOutAppHost} in run mode: Redis, a two-node emulator and two hub servers, each on its own node; a
 * client of each hub server, and a message from one reaching both across the nodes.
 */
class ScaleOutAppHostTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)");

  @Test
  void twoHubServersOnTwoNodesChatThroughOneService() throws Exception {
    var builder = ScaleOutAppHost.model(DistributedApplication.createBuilder(new DistributedApplicationOptions(
        List.of(), Map.of(), Map.of(), Path.of("does-not-exist.json"))));
    try (RunningApplication app = builder.build().start()) {
      app.awaitHealthy("chat-a", TIMEOUT);
      app.awaitHealthy("chat-b", TIMEOUT);
      int portA = port(app, "chat-a");
      int portB = port(app, "chat-b");

      try (RedirectedChatClient ann = RedirectedChatClient.connect(portA);
          RedirectedChatClient bob = RedirectedChatClient.connect(portB)) {
        int nodeA = URI.create(ann.redirectUrl).getPort();
        int nodeB = URI.create(bob.redirectUrl).getPort();
        assertThat(nodeA).as("each hub server sends its clients to its own node").isNotEqualTo(nodeB);

        ann.invoke("1", "SendMessage", "[\"ann\",\"across two nodes\"]");
        for (RedirectedChatClient c : List.of(ann, bob)) {
          JsonNode m = c.next(1);
          assertThat(m.get("target").asText()).isEqualTo("ReceiveMessage");
          assertThat(m.get("arguments").toString()).isEqualTo("[\"ann\",\"across two nodes\"]");
        }
      }
    }
  }

  private static int port(RunningApplication app, String resource) {
    await().atMost(TIMEOUT).until(() -> app.logs(resource).stream().anyMatch(l -> LISTENING.matcher(l).find()));
    String line = app.logs(resource).stream().filter(l -> LISTENING.matcher(l).find()).findFirst().orElseThrow();
    Matcher m = LISTENING.matcher(line);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
