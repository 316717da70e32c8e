package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.bench.hub.BenchHubServer;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small runs of the hub scenarios against the bench hub, self-hosted and behind an in-process service in
 * Default mode, so the generator and the bench hub server keep working together.
 */
@Timeout(60)
class HubLoadRunTest {
  private static final int CONNECTIONS = SmallRuns.CONNECTIONS;
  private static HubServer selfHosted;
  private static HubbubService service;
  private static HubServer behindService;

  @BeforeAll
  static void start() throws Exception {
    selfHosted = BenchHubServer.start(0, null, 1);
    service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT).build());
    behindService = BenchHubServer.start(0, service.connectionString(), 2);
    await().atMost(Duration.ofSeconds(15)).until(behindService::isHealthy);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {behindService, service, selfHosted}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // the next one still closes
      }
    }
  }

  private static LoadConfig.Builder small(Scenario scenario, Target target) {
    return SmallRuns.small(target == Target.SELF ? selfHosted.port() : service.port(), scenario, 40)
        .target(target)
        .senders(2);
  }

  private static LoadResult run(LoadConfig config) throws InterruptedException {
    return SmallRuns.run(config);
  }

  private static void assertEveryDeliveryArrived(LoadResult r, long perSend) {
    assertThat(r.getLong("open_connections")).isEqualTo(CONNECTIONS);
    assertThat(r.getLong("errors")).as("errors: %s", r.get("error_samples")).isZero();
    // on a busy machine the paced sender may miss a few slots; those are reported, not sent
    assertThat(r.getLong("sends_accepted") + r.getLong("sends_missed")).isEqualTo(40);
    assertThat(r.getLong("sends_accepted")).isPositive();
    assertThat(r.getLong("expected_deliveries")).isEqualTo(r.getLong("sends_accepted") * perSend);
    assertThat(r.getLong("delivered_total")).isEqualTo(r.getLong("expected_deliveries"));
    assertThat(r.getLong("unparsed")).isZero();
    assertThat(r.getDouble("latency_p99_ms")).isPositive();
  }

  @Test
  void echoSelfHosted() throws Exception {
    LoadResult r = run(small(Scenario.ECHO, Target.SELF).build());
    assertEveryDeliveryArrived(r, 1);
    assertThat(r.toJson()).startsWith("{\"scenario\":\"echo\",\"protocol\":\"json\",\"connections\":40,\"target\":\"self\"");
  }

  @Test
  void hubBroadcastSelfHostedWithMessagePack() throws Exception {
    LoadResult r = run(small(Scenario.HUB_BROADCAST, Target.SELF).protocol("messagepack").build());
    assertEveryDeliveryArrived(r, CONNECTIONS);
    assertThat(r.getLong("senders")).isEqualTo(2);
  }

  @Test
  void echoThroughTheServiceWithMessagePack() throws Exception {
    LoadResult r = run(small(Scenario.ECHO, Target.SERVICE).protocol("messagepack").build());
    assertEveryDeliveryArrived(r, 1);
  }

  @Test
  void hubBroadcastThroughTheService() throws Exception {
    LoadResult r = run(small(Scenario.HUB_BROADCAST, Target.SERVICE).hubServerPid(ProcessHandle.current().pid())
        .build());
    assertEveryDeliveryArrived(r, CONNECTIONS);
    assertThat(r.get("hub_server_cpu_s")).isInstanceOf(Double.class);
  }
}
