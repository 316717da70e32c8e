package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.SignalRException;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.client.HubTestClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A master of a real Redis Cluster SIGKILLed and started again under two service nodes: the master that owns both
 * the hub's channel and the query channel (in different slots), so that getting them back needs one SSUBSCRIBE per
 * channel on the reconnected pub/sub connection.
 */
class RedisClusterFaultTest {
  private static final String PREFIX = "faults";

  @Test
  void afterAMasterRestartsTheNodesSubscribeAgainAndSendsAndQuestionsCross() throws Exception {
    try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
      int queryOwner = cluster.ownerOf(PREFIX + ":nodes:query");
      String hub;
      do {
        hub = "h" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      } while (cluster.ownerOf(PREFIX + ":hub:" + hub) != queryOwner);
      // Both nodes' seeds are another master, so the restart hits only their per-master connections.
      int seed = cluster.ports().indexOf(queryOwner) == 0 ? 1 : 0;
      try (HubbubService a = node(cluster, "a", seed);
          HubbubService b = node(cluster, "b", seed);
          ServiceManager managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build();
          ServiceManager managerB = new ServiceManagerBuilder().connectionString(b.connectionString()).build();
          HubTestClient onA = client(managerA, hub, "ua");
          HubTestClient onB = client(managerB, hub, "ub")) {
        ServiceHubContext hubA = managerA.createHubContext(hub);
        hubA.clients().all().send("m", "before");
        assertThat(onB.on("m").awaitNext().argument(0, String.class)).isEqualTo("before");
        assertThat(onA.on("m").awaitNext().argument(0, String.class)).isEqualTo("before");

        cluster.kill(queryOwner);
        cluster.restart(queryOwner);
        long restarted = System.nanoTime();

        int probes = ClusterFaultTest.awaitCrossNodeDelivery(hubA, "ub", onB, Duration.ofSeconds(30));
        System.out.printf("redis cluster recovery: first cross-node delivery %d ms after the master restarted "
            + "(%d probes)%n", (System.nanoTime() - restarted) / 1_000_000, probes);

        hubA.clients().all().send("m", "after-1");
        hubA.clients().all().send("m", "after-2");
        assertThat(onB.on("m").awaitNext(2)).extracting(m -> m.argument(0, String.class))
            .containsExactly("after-1", "after-2");
        assertThat(onA.on("m").awaitNext(2)).extracting(m -> m.argument(0, String.class))
            .containsExactly("after-1", "after-2");
        // A question on the query channel, answered by both nodes again (PUBSUB SHARDNUMSUB counts them).
        await().atMost(Duration.ofSeconds(10)).until(() -> {
          try {
            return hubA.clientManager().connectionExists(onB.connectionId());
          } catch (SignalRException e) {
            return false;
          }
        });
        assertThat(RedisClusterProcess.cli(queryOwner, "PUBSUB", "SHARDNUMSUB", PREFIX + ":nodes:query").trim())
            .isEqualTo(PREFIX + ":nodes:query\n2");
        assertThat(RedisClusterProcess.cli(queryOwner, "PUBSUB", "SHARDNUMSUB", PREFIX + ":hub:" + hub).trim())
            .isEqualTo(PREFIX + ":hub:" + hub + "\n2");
      }
    }
  }

  static HubbubService node(RedisClusterProcess cluster, String name, int seed) throws Exception {
    return HubbubService.start(ServiceOptions.builder().port(0)
        .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(cluster.uri(seed))
            .withNodeName(name).withChannelPrefix(PREFIX).withCommandTimeout(Duration.ofSeconds(1))))
        .build());
  }

  static HubTestClient client(ServiceManager manager, String hub, String user) {
    NegotiationResponse n = manager.createHubContext(hub).negotiate(NegotiationOptions.builder().userId(user).build());
    return HubTestClient.create(n.url(), o -> o.accessToken(n.accessToken())).start();
  }
}
