package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.RedisBackplane;
import dev.hubbub.server.redis.RedisBackplaneException;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.client.ConnectionState;
import dev.hubbub.test.client.HubTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service nodes on a real three-master Redis Cluster (sharded pub/sub): the same operations as
 * {@link ServiceClusterTest}, with each test's hub channel on another master than the query channel, so that
 * sends and questions travel through different shards.
 */
class ServiceRedisClusterTest {
  private static final String QUERY_CHANNEL = "hubbub-service:nodes:query";
  private static RedisClusterProcess cluster;
  private static HubbubService a;
  private static HubbubService b;
  private static ServiceManager managerA;
  private static ServiceManager managerB;
  private final List<HubTestClient> clients = new ArrayList<>();
  private String hub = "";

  @BeforeAll
  static void startNodes() throws Exception {
    cluster = RedisClusterProcess.start();
    a = node("a", 0);
    b = node("b", 1);
    managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build();
    managerB = new ServiceManagerBuilder().connectionString(b.connectionString()).build();
  }

  /** A node whose backplane's seed is one cluster node; the others are found from the cluster's slot map. */
  static HubbubService node(String name, int seed) throws Exception {
    return HubbubService.start(ServiceOptions.builder().port(0)
        .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(cluster.uri(seed))
            .withNodeName(name).withQueryTimeout(Duration.ofSeconds(3))))
        .build());
  }

  @AfterAll
  static void stopNodes() {
    if (managerA != null) {
      managerA.close();
      managerB.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A fresh hub whose channel hashes to another master than the query channel. */
  @BeforeEach
  void pickHub() throws Exception {
    int queryOwner = cluster.ownerOf(QUERY_CHANNEL);
    do {
      hub = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    } while (cluster.ownerOf(hubChannel()) == queryOwner);
  }

  private String hubChannel() {
    return "hubbub-service:hub:" + hub;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(HubTestClient::close);
  }

  private HubTestClient client(ServiceManager manager, String user) {
    ServiceHubContext context = manager.createHubContext(hub);
    NegotiationResponse n = context.negotiate(NegotiationOptions.builder().userId(user).build());
    HubTestClient c = HubTestClient.create(n.url(), o -> o.accessToken(n.accessToken()));
    clients.add(c);
    return c.start();
  }

  @Test
  void bothBackplanesAreClusterClientsSubscribedOnTheChannelsShards() throws Exception {
    client(managerA, "ua");
    client(managerB, "ub");
    RedisServiceBackplane backplaneA = (RedisServiceBackplane) a.options().backplane();
    assertThat(backplaneA.isConnected()).isTrue();
    assertThat(backplaneA.isCluster()).isTrue();

    // Both nodes hold a sharded subscription on the master that owns each channel's slot.
    int hubOwner = cluster.ownerOf(hubChannel());
    int queryOwner = cluster.ownerOf(QUERY_CHANNEL);
    assertThat(hubOwner).isNotEqualTo(queryOwner);
    assertThat(RedisClusterProcess.cli(hubOwner, "PUBSUB", "SHARDNUMSUB", hubChannel()).trim())
        .isEqualTo(hubChannel() + "\n2");
    assertThat(RedisClusterProcess.cli(queryOwner, "PUBSUB", "SHARDNUMSUB", QUERY_CHANNEL).trim())
        .isEqualTo(QUERY_CHANNEL + "\n2");
    // What the nodes count answers with: both nodes, although each is connected to another seed.
    assertThat(RedisClusterProcess.cli(queryOwner, "SPUBLISH", QUERY_CHANNEL, "").trim()).isEqualTo("2");
  }

  @Test
  void broadcastOnOneNodeReachesClientsOnBothOnce() {
    HubTestClient onA = client(managerA, "ua");
    HubTestClient onB = client(managerB, "ub");
    ServiceHubContext hubA = managerA.createHubContext(hub);

    hubA.clients().all().send("news", 1);
    hubA.clients().all().send("news", 2);

    for (HubTestClient c : List.of(onA, onB)) {
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

    String json = ServiceClusterTest.rest(a, "GET", "/api/hubs/" + hub
        + "/groups/g/connections?api-version=2024-12-01");

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
  void userGroupsWithTtlAreSeenByEveryNodeAndByANodeThatStartsLater() throws Exception {
    ServiceHubContext hubA = managerA.createHubContext(hub);
    ServiceHubContext hubB = managerB.createHubContext(hub);
    hubA.userGroups().addToGroup("dave", "vip", Duration.ofMinutes(5));
    assertThat(hubB.userGroups().isUserInGroup("dave", "vip")).isTrue();

    // Node c's seed is the third master; dave's groups are read from the master owning his key's slot.
    try (HubbubService c = node("c", 2);
        ServiceManager managerC = new ServiceManagerBuilder().connectionString(c.connectionString()).build()) {
      HubTestClient onC = client(managerC, "dave");
      await().atMost(Duration.ofSeconds(10)).until(() -> hubA.clientManager().groupExists("vip"));
      hubA.clients().group("vip").send("vip", "welcome");
      assertThat(onC.on("vip").awaitNext().argument(0, String.class)).isEqualTo("welcome");

      hubB.userGroups().removeFromGroup("dave", "vip");
      assertThat(hubA.userGroups().isUserInGroup("dave", "vip")).isFalse();
    }
  }

  @Test
  void theHubServersBackplaneRefusesAClusterNamingWhy() {
    assertThatThrownBy(() -> HubServer.builder().port(0).hub("/clusterhub", ClusterHub.class)
        .backplane(RedisBackplane.create(cluster.uri(0))).start())
        .isInstanceOf(RedisBackplaneException.class)
        .hasMessageContaining("127.0.0.1:" + cluster.ports().get(0))
        .hasMessageContaining("Redis Cluster")
        .hasMessageContaining("PUBSUB NUMSUB");
  }
}
