package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.ServiceTransportType;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.RedisServerProcess;
import dev.hubbub.test.client.ConnectionState;
import dev.hubbub.test.client.HubTestClient;
import dev.hubbub.test.client.ReceivedMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two service nodes on one real {@code redis-server}: REST calls and the management SDK on one node reach
 * clients on the other, exactly once.
 */
class ServiceClusterTest {
  private static RedisServerProcess redis;
  private static HubbubService a;
  private static HubbubService b;
  private static ServiceManager managerA;
  private static ServiceManager managerB;
  private final List<HubTestClient> clients = new ArrayList<>();
  private final String hub = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @BeforeAll
  static void startNodes() throws Exception {
    redis = RedisServerProcess.start(null);
    a = node("a");
    b = node("b");
    managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build();
    managerB = new ServiceManagerBuilder().connectionString(b.connectionString()).build();
  }

  static HubbubService node(String name) throws Exception {
    return HubbubService.start(ServiceOptions.builder().port(0)
        .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(redis.uri()).withNodeName(name)
            .withQueryTimeout(Duration.ofSeconds(3))))
        .build());
  }

  @AfterAll
  static void stopNodes() {
    managerA.close();
    managerB.close();
    a.close();
    b.close();
    redis.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(HubTestClient::close);
  }

  /** A started client of the test's hub that negotiated with {@code manager}'s node. */
  private HubTestClient client(ServiceManager manager, String user) {
    ServiceHubContext context = manager.createHubContext(hub);
    NegotiationResponse n = context.negotiate(NegotiationOptions.builder().userId(user).build());
    HubTestClient c = HubTestClient.create(n.url(), o -> o.accessToken(n.accessToken()));
    clients.add(c);
    return c.start();
  }

  @Test
  void broadcastOnOneNodeReachesClientsOnBothOnce() {
    HubTestClient onA = client(managerA, "ua");
    HubTestClient onB = client(managerB, "ub");
    ServiceHubContext hubA = managerA.createHubContext(hub);

    hubA.clients().all().send("news", 1);
    hubA.clients().all().send("news", 2);

    for (HubTestClient c : List.of(onA, onB)) {
      // A duplicate of the first would arrive before the second: both nodes' copies go through one channel.
      assertThat(c.on("news").awaitNext(2)).extracting(m -> m.argument(0, Integer.class)).containsExactly(1, 2);
    }
  }

  @Test
  void userConnectionAndGroupOperationsCrossNodes() {
    HubTestClient onB = client(managerB, "alice");
    ServiceHubContext hubA = managerA.createHubContext(hub);

    assertThat(hubA.clientManager().connectionExists(onB.connectionId())).isTrue();
    assertThat(hubA.clientManager().connectionExists("nope")).isFalse();
    assertThat(hubA.clientManager().userExists("alice")).isTrue();
    assertThat(hubA.clientManager().userExists("bob")).isFalse();

    hubA.clients().user("alice").send("dm", "hi");
    assertThat(onB.on("dm").awaitNext().argument(0, String.class)).isEqualTo("hi");

    hubA.clients().client(onB.connectionId()).send("direct", "c");
    assertThat(onB.on("direct").awaitNext().argument(0, String.class)).isEqualTo("c");

    assertThat(hubA.clientManager().groupExists("room")).isFalse();
    hubA.groups().addToGroup(onB.connectionId(), "room");
    assertThat(hubA.clientManager().groupExists("room")).isTrue();
    hubA.clients().group("room").send("room", "r1");
    assertThat(onB.on("room").awaitNext().argument(0, String.class)).isEqualTo("r1");

    hubA.groups().removeFromGroup(onB.connectionId(), "room");
    assertThat(hubA.clientManager().groupExists("room")).isFalse();
    hubA.clients().group("room").send("room", "r2");
    hubA.clients().user("alice").send("dm", "after");
    assertThat(onB.on("dm").awaitNext().argument(0, String.class)).isEqualTo("after");
    onB.on("room").assertNoMore();
  }

  @Test
  void groupListingGathersEveryNode() throws Exception {
    HubTestClient onA = client(managerA, "ua");
    HubTestClient onB = client(managerB, "ub");
    ServiceHubContext hubB = managerB.createHubContext(hub);
    hubB.groups().addToGroup(onA.connectionId(), "g");
    hubB.groups().addToGroup(onB.connectionId(), "g");

    String json = rest(a, "GET", "/api/hubs/" + hub + "/groups/g/connections?api-version=2024-12-01");

    assertThat(json).contains(onA.connectionId()).contains(onB.connectionId()).contains("\"userId\":\"ua\"")
        .contains("\"userId\":\"ub\"");
  }

  @Test
  void closeOnOneNodeClosesTheConnectionOnTheOther() {
    HubTestClient onB = client(managerB, "carol");
    ServiceHubContext hubA = managerA.createHubContext(hub);

    String id = onB.connectionId();

    hubA.clientManager().closeConnection(id, "bye");

    onB.awaitState(ConnectionState.DISCONNECTED);
    await().atMost(Duration.ofSeconds(10)).until(() -> !hubA.clientManager().connectionExists(id));
  }

  @Test
  void userGroupsWithTtlAreSeenByEveryNodeAndByLaterConnections() {
    ServiceHubContext hubA = managerA.createHubContext(hub);
    ServiceHubContext hubB = managerB.createHubContext(hub);
    hubA.userGroups().addToGroup("dave", "vip", Duration.ofMinutes(5));

    assertThat(hubB.userGroups().isUserInGroup("dave", "vip")).isTrue();
    HubTestClient laterOnB = client(managerB, "dave");
    await().atMost(Duration.ofSeconds(10)).until(() -> hubA.clientManager().groupExists("vip"));
    hubA.clients().group("vip").send("vip", "welcome");
    assertThat(laterOnB.on("vip").awaitNext().argument(0, String.class)).isEqualTo("welcome");

    hubB.userGroups().removeFromGroup("dave", "vip");
    assertThat(hubA.userGroups().isUserInGroup("dave", "vip")).isFalse();
  }

  @Test
  void userGroupsKeptInRedisReachANodeThatJoinsLater() throws Exception {
    ServiceHubContext hubA = managerA.createHubContext(hub);
    hubA.userGroups().addToGroup("erin", "late", Duration.ofMinutes(5));
    try (HubbubService c = node("c");
        ServiceManager managerC = new ServiceManagerBuilder().connectionString(c.connectionString()).build()) {
      HubTestClient onC = client(managerC, "erin");
      await().atMost(Duration.ofSeconds(10)).until(() -> hubA.clientManager().groupExists("late"));
      hubA.clients().group("late").send("late", "x");
      assertThat(onC.on("late").awaitNext().argument(0, String.class)).isEqualTo("x");
    }
  }

  @Test
  void persistentManagementTransportOnOneNodeReachesClientsOnAll() {
    HubTestClient onA = client(managerA, "ua");
    HubTestClient onB = client(managerB, "ub");
    try (ServiceManager persistent = new ServiceManagerBuilder().connectionString(a.connectionString())
            .transportType(ServiceTransportType.PERSISTENT).build();
        ServiceHubContext context = persistent.createHubContext(hub)) {
      context.clients().all().send("p", "all");
      context.clients().user("ub").send("p", "user");
      assertThat(onA.on("p").awaitNext().argument(0, String.class)).isEqualTo("all");
      assertThat(onB.on("p").awaitNext(2)).extracting(m -> m.argument(0, String.class))
          .containsExactly("all", "user");
    }
  }

  @Test
  void badClusterPayloadsAreDroppedAndTheNodeGoesOn() throws Exception {
    HubTestClient onB = client(managerB, "ub");
    try (var raw = io.lettuce.core.RedisClient.create(redis.uri()).connect()) {
      raw.sync().publish("hubbub-service:hub:" + hub, "garbage");
      raw.sync().publish("hubbub-service:nodes:query", "");
      raw.sync().publish("hubbub-service:nodes:reply:a", "\u0093\u0001");
    }
    managerA.createHubContext(hub).clients().all().send("ok", 1);
    assertThat(onB.on("ok").awaitNext().argument(0, Integer.class)).isEqualTo(1);
  }

  @Test
  void aSingleRedisIsNotTakenForACluster() {
    assertThat(((RedisServiceBackplane) a.options().backplane()).isCluster()).isFalse();
  }

  @Test
  void theUriAndPasswordStayOutOfToString() {
    RedisServiceBackplane backplane = RedisServiceBackplane.create("redis://:s3cr3t-pw@127.0.0.1:1");
    assertThat(backplane.toString()).doesNotContain("s3cr3t-pw").contains("***@127.0.0.1:1");
    assertThat(backplane.options().toString()).doesNotContain("s3cr3t-pw");
    assertThat(ServiceOptions.builder().backplane(backplane).build().toString()).doesNotContain("s3cr3t-pw");
    assertThatThrownBy(() -> HubbubService.start(ServiceOptions.builder().port(0).backplane(backplane).build()))
        .hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("s3cr3t-pw");
  }

  @Test
  void aUriWithoutProviderIsRefusedClearly() {
    assertThatThrownBy(() -> ServiceOptions.builder().backplane("nats://127.0.0.1:4222"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nats'");
    assertThat(ServiceOptions.builder().backplane(redis.uri()).build().backplane())
        .isInstanceOf(RedisServiceBackplane.class);
  }

  static String rest(HubbubService node, String method, String pathAndQuery) throws Exception {
    String url = node.endpoint() + pathAndQuery;
    String token = AccessTokenIssuer.builder(node.options().accessKey()).build()
        .issue(url, TokenClaims.builder().build());
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @SuppressWarnings("unused")
  private static List<Integer> ints(List<ReceivedMessage> messages) {
    return messages.stream().map(m -> m.argument(0, Integer.class)).toList();
  }
}
