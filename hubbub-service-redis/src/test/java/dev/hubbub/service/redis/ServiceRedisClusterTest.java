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
class ServiceRedisClusterTest extends TwoNodeScenarios {
  private static final String QUERY_CHANNEL = "hubbub-service:nodes:query";
  private static RedisClusterProcess cluster;
  private static HubbubService a;
  private static HubbubService b;
  private static ServiceManager managerA;
  private static ServiceManager managerB;

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

  @Override
  HubbubService a() {
    return a;
  }

  @Override
  ServiceManager managerA() {
    return managerA;
  }

  @Override
  ServiceManager managerB() {
    return managerB;
  }

  /** Node c's seed is the third master; a user's groups are read from the master that owns the user's key. */
  @Override
  HubbubService startThirdNode() throws Exception {
    return node("c", 2);
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
  void theHubServersBackplaneRefusesAClusterNamingWhy() {
    assertThatThrownBy(() -> HubServer.builder().port(0).hub("/clusterhub", ClusterHub.class)
        .backplane(RedisBackplane.create(cluster.uri(0))).start())
        .isInstanceOf(RedisBackplaneException.class)
        .hasMessageContaining("127.0.0.1:" + cluster.ports().get(0))
        .hasMessageContaining("Redis Cluster")
        .hasMessageContaining("PUBSUB NUMSUB");
  }
}
