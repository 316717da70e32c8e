package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.example.lifetime.CountingLifetimeManager;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifetime seam is pluggable from outside: a manager written with public types only
 * ({@link CountingLifetimeManager}) wraps the one the server built, and every send, group change, client result
 * and connection event of hub code goes through it.
 */
class LifetimeSeamTest {
  private final Map<String, CountingLifetimeManager> managers = new ConcurrentHashMap<>();
  private HubServer server;

  @BeforeEach
  void start() {
    TestHub.EVENTS.clear();
    TestHub.gate = new CountDownLatch(0);
    server = HubServer.builder().hub("/test", TestHub.class)
        .authenticator((request, app) -> AuthResult.allow(TransportUser.of(request.queryParam("user"))))
        .lifetimeManagers((hub, built) -> managers.computeIfAbsent(hub.path(), h -> new CountingLifetimeManager(built)))
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyOperationOfHubCodeGoesThroughThePluggedManager() throws Exception {
    try (WsClient alice = WsClient.connect(server, "/test", "user=alice");
        WsClient bob = WsClient.connect(server, "/test", "user=bob")) {
      CountingLifetimeManager counting = managers.get("/test");
      assertThat(counting).as("made once for the hub, with its path and type").isNotNull();
      await().atMost(Duration.ofSeconds(10)).until(() -> counting.count("onConnected") == 2);

      alice.invoke("1", "broadcast", "[\"to all\"]");
      assertThat(alice.next().path("arguments").get(0).asText()).isEqualTo("to all");
      assertThat(alice.next().path("type").asInt()).isEqualTo(3);
      assertThat(bob.next().path("arguments").get(0).asText()).isEqualTo("to all");
      assertThat(counting.count("send:All")).isEqualTo(1);

      bob.invoke("2", "join", "[\"g\"]");
      assertThat(bob.next().path("type").asInt()).isEqualTo(3);
      alice.invoke("3", "toGroup", "[\"g\",\"to g\"]");
      assertThat(alice.next().path("invocationId").asText()).isEqualTo("3");
      assertThat(bob.next().path("arguments").get(0).asText()).isEqualTo("to g");
      assertThat(counting.count("addToGroup")).isEqualTo(1);
      assertThat(counting.count("send:Groups")).isEqualTo(1);

      bob.invoke("4", "toUser", "[\"alice\",\"hi alice\"]");
      assertThat(bob.next().path("invocationId").asText()).isEqualTo("4");
      assertThat(alice.next().path("arguments").get(0).asText()).isEqualTo("hi alice");
      assertThat(counting.count("send:Users")).isEqualTo(1);

      alice.invoke("5", "askName", "[]");
      JsonNode ask = alice.next();
      assertThat(ask.path("target").asText()).isEqualTo("getName");
      alice.send("{\"type\":3,\"invocationId\":\"" + ask.path("invocationId").asText() + "\",\"result\":\"Alice\"}");
      JsonNode done = alice.next();
      assertThat(done.path("invocationId").asText()).isEqualTo("5");
      assertThat(done.path("result").asText()).isEqualTo("Alice");
      assertThat(counting.count("invokeConnection")).isEqualTo(1);
      assertThat(counting.count("setConnectionResult")).isEqualTo(1);

      bob.invoke("6", "leave", "[\"g\"]");
      assertThat(bob.next().path("type").asInt()).isEqualTo(3);
      assertThat(counting.count("removeFromGroup")).isEqualTo(1);

      server.hubContext("/test").clients().client(bob.connectionId).send("direct", 1).join();
      assertThat(bob.next().path("target").asText()).isEqualTo("direct");
      assertThat(counting.count("send:Connections")).isEqualTo(1);
    }
    CountingLifetimeManager counting = managers.get("/test");
    await().atMost(Duration.ofSeconds(10)).until(() -> counting.count("onDisconnected") == 2);
  }
}
