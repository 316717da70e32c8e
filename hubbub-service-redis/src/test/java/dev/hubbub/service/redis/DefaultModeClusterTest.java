package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.RedisServerProcess;
import dev.hubbub.test.client.HubTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Default mode across nodes: the app server is connected to node A only; a client that negotiates with node B is
 * redirected to A and served by the app server. Without any app server, B answers Azure's "no server" error.
 */
class DefaultModeClusterTest {
  private static RedisServerProcess redis;
  private static HubbubService a;
  private static HubbubService b;
  private static HubServer app;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start(null);
    a = node("a");
    b = node("b");
    app = HubServer.builder().port(0).hub("/clusterhub", ClusterHub.class)
        .useNamedAzureSignalR("signalr", o -> o.connectionString(a.connectionString())
            .serviceMode(dev.hubbub.server.ServiceMode.DEFAULT).connectionCount(2))
        .start();
  }

  static HubbubService node(String name) throws Exception {
    return HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT)
        .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(redis.uri()).withNodeName(name)
            .withChannelPrefix("default-mode")))
        .build());
  }

  @AfterAll
  static void stop() {
    app.close();
    a.close();
    b.close();
    redis.close();
  }

  @Test
  void aClientOfNodeBIsRedirectedToTheNodeWithTheAppServer() throws Exception {
    await().atMost(Duration.ofSeconds(15)).until(() -> negotiate(b, "clusterhub").contains("\"url\""));
    String answer = negotiate(b, "clusterhub");
    assertThat(answer).contains(a.endpoint() + "/client/?hub=clusterhub").contains("\"accessToken\"");

    String token = AccessTokenIssuer.builder(b.options().accessKey()).build()
        .issue(b.endpoint() + "/client/?hub=clusterhub", TokenClaims.builder().nameId("zoe").build());
    try (HubTestClient client = HubTestClient.create(b.endpoint() + "/client/?hub=clusterhub",
        o -> o.accessToken(token)).start()) {
      assertThat(a.connectionCount()).isEqualTo(1);
      assertThat(b.connectionCount()).isZero();
      assertThat(client.invoke(String.class, "echo", "hi")).isEqualTo("echo:hi");
      client.send("broadcast", "to all").join();
      assertThat(client.on("message").awaitNext().argument(0, String.class)).isEqualTo("to all");
    }
  }

  @Test
  void aHubWithoutAppServersAnywhereIsRefusedWithAzuresMessage() throws Exception {
    assertThat(negotiate(b, "nobody")).contains("app servers are not connected");
  }

  private static String negotiate(HubbubService node, String hub) throws Exception {
    String url = node.endpoint() + "/client/negotiate?hub=" + hub + "&negotiateVersion=1";
    String token = AccessTokenIssuer.builder(node.options().accessKey()).build()
        .issue(node.endpoint() + "/client/?hub=" + hub, TokenClaims.builder().build());
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
