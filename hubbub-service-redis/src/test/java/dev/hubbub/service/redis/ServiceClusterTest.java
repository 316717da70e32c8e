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
class ServiceClusterTest extends TwoNodeScenarios {
  private static RedisServerProcess redis;
  private static HubbubService a;
  private static HubbubService b;
  private static ServiceManager managerA;
  private static ServiceManager managerB;

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

  @Override
  HubbubService startThirdNode() throws Exception {
    return node("c");
  }

  @AfterAll
  static void stopNodes() {
    managerA.close();
    managerB.close();
    a.close();
    b.close();
    redis.close();
  }

  @Test
  void persistentManagementTransportOnOneNodeReachesClientsOnAll() {
    HubTestClient onA = client(managerA(), "ua");
    HubTestClient onB = client(managerB(), "ub");
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
    HubTestClient onB = client(managerB(), "ub");
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


}
