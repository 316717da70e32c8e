package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.SignalRException;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.RedisServerProcess;
import dev.hubbub.test.client.HubTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis stopped and started again under two service nodes, with a real {@code redis-server} killed with SIGKILL. */
class ClusterFaultTest {

  @Test
  void whileRedisIsDownLocalClientsAreServedCrossNodeCallsFailFastAndAfterwardsEverythingIsDelivered()
      throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(null);
        HubbubService a = node(redis, "a");
        HubbubService b = node(redis, "b");
        ServiceManager managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build();
        ServiceManager managerB = new ServiceManagerBuilder().connectionString(b.connectionString()).build();
        HubTestClient onA = client(managerA, "ua");
        HubTestClient onB = client(managerB, "ub")) {
      ServiceHubContext hubA = managerA.createHubContext("faults");
      hubA.clients().all().send("m", "before");
      assertThat(onB.on("m").awaitNext().argument(0, String.class)).isEqualTo("before");
      assertThat(onA.on("m").awaitNext().argument(0, String.class)).isEqualTo("before");
      String idOnB = onB.connectionId();

      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> health(a).startsWith("Degraded"));
      assertThat(health(a)).contains("Redis at redis://127.0.0.1:" + redis.port() + " is unreachable");

      long started = System.nanoTime();
      assertThatThrownBy(() -> hubA.clients().all().send("m", "during")).isInstanceOf(SignalRException.class)
          .hasMessageContaining("503");
      assertThatThrownBy(() -> hubA.clientManager().connectionExists(idOnB)).isInstanceOf(SignalRException.class);
      long failedWithinMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(failedWithinMillis).as("cross-node calls fail fast, not after a timeout").isLessThan(2_000);
      // The local client still got the send that failed for the other node.
      assertThat(onA.on("m").awaitNext().argument(0, String.class)).isEqualTo("during");
      assertThat(hubA.clientManager().connectionExists(onA.connectionId())).isTrue();

      redis.start();
      long restarted = System.nanoTime();
      await().atMost(Duration.ofSeconds(20)).until(() -> health(a).isEmpty() && health(b).isEmpty());
      // Probes until the first one crosses: how long after Redis came back the nodes took to resubscribe.
      int probes = awaitCrossNodeDelivery(hubA, "ub", onB, Duration.ofSeconds(20));
      System.out.printf("cluster recovery: first cross-node delivery %d ms after Redis restarted (%d probes)%n",
          (System.nanoTime() - restarted) / 1_000_000, probes);

      hubA.clients().all().send("m", "after-1");
      hubA.clients().all().send("m", "after-2");
      assertThat(onB.on("m").awaitNext(2)).extracting(m -> m.argument(0, String.class))
          .containsExactly("after-1", "after-2");
      assertThat(onA.on("m").awaitNext(2)).extracting(m -> m.argument(0, String.class))
          .containsExactly("after-1", "after-2");
      assertThat(hubA.clientManager().connectionExists(idOnB)).isTrue();
    }
  }

  @Test
  void aHubFirstUsedWhileRedisIsDownServesItsClientsAtOnceAndJoinsWhenRedisIsBack() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(null);
        HubbubService a = node(redis, "a");
        HubbubService b = node(redis, "b");
        ServiceManager managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build();
        ServiceManager managerB = new ServiceManagerBuilder().connectionString(b.connectionString()).build()) {
      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> health(b).startsWith("Degraded"));
      long started = System.nanoTime();
      try (HubTestClient late = clientOf(managerB, "latehub", "ul")) {
        assertThat((System.nanoTime() - started) / 1_000_000).as("not held for the command timeout")
            .isLessThan(5_000);
        redis.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> health(a).isEmpty() && health(b).isEmpty());
        ServiceHubContext hubA = managerA.createHubContext("latehub");
        awaitCrossNodeDelivery(hubA, "ul", late, Duration.ofSeconds(20));
      }
    }
  }

  @Test
  void aNodeThatCannotReachRedisAtStartDoesNotStart() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> HubbubService.start(ServiceOptions.builder().port(0)
        .backplane("redis://:pw@127.0.0.1:" + port).build()))
        .hasMessageContaining("Cannot connect to Redis at redis://***@127.0.0.1:" + port)
        .hasMessageNotContaining(":pw@");
  }

  /**
   * Sends numbered probes to {@code user} through {@code hub} until {@code receiver} (a client of another node) has
   * one: the nodes are subscribed again after a Redis outage. Returns how many probes it took.
   */
  static int awaitCrossNodeDelivery(ServiceHubContext hub, String user, HubTestClient receiver, Duration within) {
    AtomicInteger probe = new AtomicInteger();
    await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
      try {
        hub.clients().user(user).send("probe", probe.incrementAndGet());
      } catch (SignalRException e) {
        return false;
      }
      return !receiver.on("probe").recorded().isEmpty();
    });
    return probe.get();
  }

  static HubbubService node(RedisServerProcess redis, String name) throws Exception {
    return HubbubService.start(ServiceOptions.builder().port(0)
        .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(redis.uri()).withNodeName(name)
            .withChannelPrefix("faults").withCommandTimeout(Duration.ofSeconds(1))))
        .build());
  }

  static HubTestClient client(ServiceManager manager, String user) {
    return clientOf(manager, "faults", user);
  }

  static HubTestClient clientOf(ServiceManager manager, String hub, String user) {
    NegotiationResponse n = manager.createHubContext(hub).negotiate(
        NegotiationOptions.builder().userId(user).build());
    return HubTestClient.create(n.url(), o -> o.accessToken(n.accessToken())).start();
  }

  static String health(HubbubService node) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(node.endpoint() + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
