package dev.hubbub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.example.lifetime.CountingServiceLifetimeManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's lifetime seam is pluggable from outside: a manager written with public types only
 * ({@link CountingServiceLifetimeManager}) wraps each hub's local one, and clients and every REST operation go
 * through it.
 */
class ServiceLifetimeSeamTest extends ServiceTestSupport {
  private static final String API = "/api/hubs/chat";
  private final Map<String, CountingServiceLifetimeManager> managers = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    stopService();
  }

  private int status(String method, String path) throws Exception {
    return rest.call(method, path).statusCode();
  }

  @Test
  void clientsAndRestCallsGoThroughThePluggedManager() throws Exception {
    start(ServiceOptions.builder().lifetimeManagers((hub, local) ->
        managers.computeIfAbsent(hub, h -> new CountingServiceLifetimeManager(local))));
    RawSignalRClient alice = json("chat", "alice");
    RawSignalRClient bob = json("chat", "bob");
    CountingServiceLifetimeManager counting = managers.get("chat");
    assertThat(counting).as("made once per hub, with its key").isNotNull();
    assertThat(counting.count("onConnected")).isEqualTo(2);

    broadcast("chat", "m", "[1]");
    assertThat(alice.nextText()).contains("\"arguments\":[1]");
    assertThat(bob.nextText()).contains("\"arguments\":[1]");
    assertThat(status("PUT", API + "/groups/g/connections/" + bob.connectionId)).isEqualTo(200);
    assertThat(rest.post(API + "/groups/g/:send?api-version=2022-06-01", "{\"target\":\"m\",\"arguments\":[2]}")
        .statusCode()).isEqualTo(202);
    assertThat(bob.nextText()).contains("\"arguments\":[2]");
    assertThat(status("HEAD", API + "/users/alice?api-version=2022-06-01")).isEqualTo(200);
    assertThat(status("PUT", API + "/users/alice/groups/h?api-version=2022-06-01")).isEqualTo(200);
    assertThat(status("GET", API + "/groups/g/connections?api-version=2024-12-01")).isEqualTo(200);
    assertThat(status("POST", API + "/users/alice/:closeConnections?api-version=2022-06-01")).isEqualTo(204);
    alice.awaitClosed();

    assertThat(counting.count("send:All")).isEqualTo(1);
    assertThat(counting.count("addToGroup")).isEqualTo(1);
    assertThat(counting.count("send:Groups")).isEqualTo(1);
    assertThat(counting.count("userExists")).isEqualTo(1);
    assertThat(counting.count("addUserToGroup")).isEqualTo(1);
    assertThat(counting.count("groupMembers")).isEqualTo(1);
    assertThat(counting.count("close:Users")).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> counting.count("onDisconnected") == 1);
  }
}
