package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.service.HubbubService;
import dev.hubbub.test.client.ConnectionState;
import dev.hubbub.test.client.HubTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What two service nodes on one Redis must do, whatever the Redis: a single server ({@link ServiceClusterTest}) or
 * a Redis Cluster ({@link ServiceRedisClusterTest}). REST calls and the management SDK on one node reach clients of
 * the other, exactly once.
 */
abstract class TwoNodeScenarios {
  private final List<HubTestClient> clients = new ArrayList<>();
  /** The hub of the current test; fresh for each test. */
  protected String hub = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  /** Node A. */
  abstract HubbubService a();

  /** Node A's management SDK. */
  abstract ServiceManager managerA();

  /** Node B's management SDK. */
  abstract ServiceManager managerB();

  /** A third node on the same Redis, started now (closed by the caller). */
  abstract HubbubService startThirdNode() throws Exception;

  @AfterEach
  void closeClients() {
    clients.forEach(HubTestClient::close);
  }

  /** A started client of the test's hub that negotiated with {@code manager}'s node. */
  HubTestClient client(ServiceManager manager, String user) {
    ServiceHubContext context = manager.createHubContext(hub);
    NegotiationResponse n = context.negotiate(NegotiationOptions.builder().userId(user).build());
    HubTestClient c = HubTestClient.create(n.url(), o -> o.accessToken(n.accessToken()));
    clients.add(c);
    return c.start();
  }

  @Test
  void broadcastOnOneNodeReachesClientsOnBothOnce() {
    HubTestClient onA = client(managerA(), "ua");
    HubTestClient onB = client(managerB(), "ub");
    ServiceHubContext hubA = managerA().createHubContext(hub);

    hubA.clients().all().send("news", 1);
    hubA.clients().all().send("news", 2);

    for (HubTestClient c : List.of(onA, onB)) {
      // A duplicate of the first would arrive before the second: both nodes' copies go through one channel.
      assertThat(c.on("news").awaitNext(2)).extracting(m -> m.argument(0, Integer.class)).containsExactly(1, 2);
    }
  }

  @Test
  void userConnectionAndGroupOperationsCrossNodes() {
    HubTestClient onB = client(managerB(), "alice");
    ServiceHubContext hubA = managerA().createHubContext(hub);

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
    HubTestClient onA = client(managerA(), "ua");
    HubTestClient onB = client(managerB(), "ub");
    ServiceHubContext hubB = managerB().createHubContext(hub);
    hubB.groups().addToGroup(onA.connectionId(), "g");
    hubB.groups().addToGroup(onB.connectionId(), "g");

    String json = rest(a(), "GET", "/api/hubs/" + hub + "/groups/g/connections?api-version=2024-12-01");

    assertThat(json).contains(onA.connectionId()).contains(onB.connectionId()).contains("\"userId\":\"ua\"")
        .contains("\"userId\":\"ub\"");
  }

  @Test
  void closeOnOneNodeClosesTheConnectionOnTheOther() {
    HubTestClient onB = client(managerB(), "carol");
    ServiceHubContext hubA = managerA().createHubContext(hub);
    String id = onB.connectionId();

    hubA.clientManager().closeConnection(id, "bye");

    onB.awaitState(ConnectionState.DISCONNECTED);
    await().atMost(Duration.ofSeconds(10)).until(() -> !hubA.clientManager().connectionExists(id));
  }

  @Test
  void userGroupsWithTtlAreSeenByEveryNodeAndByLaterConnections() {
    ServiceHubContext hubA = managerA().createHubContext(hub);
    ServiceHubContext hubB = managerB().createHubContext(hub);
    hubA.userGroups().addToGroup("dave", "vip", Duration.ofMinutes(5));

    assertThat(hubB.userGroups().isUserInGroup("dave", "vip")).isTrue();
    HubTestClient laterOnB = client(managerB(), "dave");
    await().atMost(Duration.ofSeconds(10)).until(() -> hubA.clientManager().groupExists("vip"));
    hubA.clients().group("vip").send("vip", "welcome");
    assertThat(laterOnB.on("vip").awaitNext().argument(0, String.class)).isEqualTo("welcome");

    hubB.userGroups().removeFromGroup("dave", "vip");
    assertThat(hubA.userGroups().isUserInGroup("dave", "vip")).isFalse();
  }

  @Test
  void userGroupsKeptInRedisReachANodeThatJoinsLater() throws Exception {
    ServiceHubContext hubA = managerA().createHubContext(hub);
    hubA.userGroups().addToGroup("erin", "late", Duration.ofMinutes(5));
    try (HubbubService c = startThirdNode();
        ServiceManager managerC = new ServiceManagerBuilder().connectionString(c.connectionString()).build()) {
      HubTestClient onC = client(managerC, "erin");
      await().atMost(Duration.ofSeconds(10)).until(() -> hubA.clientManager().groupExists("late"));
      hubA.clients().group("late").send("late", "x");
      assertThat(onC.on("late").awaitNext().argument(0, String.class)).isEqualTo("x");
    }
  }

  /** A REST call to {@code node} signed with its key; asserts 200 and returns the body. */
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
}
