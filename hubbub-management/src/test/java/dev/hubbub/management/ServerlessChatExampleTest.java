package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubbub.management.examples.ServerlessChatExample;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Runs the guide's example app against a real service, as a browser client would use it. */
class ServerlessChatExampleTest {
  @Test
  void negotiateBroadcastAndRoomSend() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).build());
        ServiceManager manager = new ServiceManagerBuilder().connectionString(service.connectionString()).build();
        ServerlessChatExample app = ServerlessChatExample.start(manager, 0)) {
      String api = "http://localhost:" + app.port() + "/api";

      HttpResponse<String> negotiate = http.send(HttpRequest.newBuilder(URI.create(api + "/negotiate"))
          .header("x-user-id", "alice").POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(negotiate.statusCode()).isEqualTo(200);
      assertThat(negotiate.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
      JsonNode body = new ObjectMapper().readTree(negotiate.body());
      assertThat(body.get("url").asText()).isEqualTo(service.endpoint() + "/client/?hub=chat");

      try (TestSignalRClient client = TestSignalRClient.connect(http,
          new NegotiationResponse(body.get("url").asText(), body.get("accessToken").asText()))) {
        post(http, api + "/broadcast", "hello all");
        assertThat(client.nextInvocation("newMessage").toString()).isEqualTo("[\"hello all\"]");

        post(http, api + "/rooms/lobby/join?connectionId=" + client.connectionId(), "");
        post(http, api + "/rooms/lobby/messages", "hi lobby");
        assertThat(client.nextInvocation("roomMessage").toString()).isEqualTo("[\"lobby\",\"hi lobby\"]");
        assertThat(manager.createHubContext("chat").clientManager().userExists("alice")).isTrue();
      }
    }
  }

  @Test
  void theGuideQuotesTheExampleVerbatim() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("src/test/java/dev/hubbub/management/examples");
    String guide = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/management.md"));
    for (String[] fileAndTag : new String[][] {{"ServerlessChatExample", "main"},
        {"ServerlessChatExample", "endpoints"}, {"PersistentExample", "persistent"}}) {
      String example = java.nio.file.Files.readString(dir.resolve(fileAndTag[0] + ".java"));
      String tag = fileAndTag[1];
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("// tag::" + tag + "\\[\\]\n(.*?)\n\\s*// end::" + tag + "\\[\\]", java.util.regex.Pattern.DOTALL)
          .matcher(example);
      assertThat(m.find()).as("tag %s", tag).isTrue();
      String[] lines = m.group(1).split("\n");
      int indent = java.util.Arrays.stream(lines).filter(l -> !l.isBlank())
          .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
      String quoted = java.util.Arrays.stream(lines).map(l -> l.length() >= indent ? l.substring(indent) : l)
          .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(guide).as("docs/management.md quotes the '%s' region of %s", tag, fileAndTag[0])
          .contains(quoted);
    }
  }

  private static void post(HttpClient http, String url, String text) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s", url).isEqualTo(202);
  }
}
