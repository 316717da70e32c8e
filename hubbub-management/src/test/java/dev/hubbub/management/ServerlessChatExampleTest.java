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

  private static void post(HttpClient http, String url, String text) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s", url).isEqualTo(202);
  }
}
