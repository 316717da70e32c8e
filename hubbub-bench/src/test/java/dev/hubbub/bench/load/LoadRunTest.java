package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Small runs of every scenario against an in-process service, so the generator keeps working. */
@Timeout(60)
class LoadRunTest {
  private static HubbubService service;

  @BeforeAll
  static void start() throws Exception {
    service = HubbubService.start(ServiceOptions.builder().port(0).build());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  private static LoadConfig.Builder small(Scenario scenario) {
    return SmallRuns.small(service.port(), scenario, 20);
  }

  private static LoadResult run(LoadConfig config) throws InterruptedException {
    return SmallRuns.run(config);
  }

  private static void assertEveryMessageArrived(LoadResult r) {
    assertThat(r.getLong("open_connections")).isEqualTo(40);
    assertThat(r.getLong("errors")).as("errors: %s", r.get("error_samples")).isZero();
    // on a busy machine the paced sender may miss a few slots; those are reported, not sent
    assertThat(r.getLong("sends_accepted") + r.getLong("sends_missed")).isEqualTo(20);
    assertThat(r.getLong("sends_accepted")).isPositive();
    assertThat(r.getLong("delivered_total")).isEqualTo(r.getLong("expected_deliveries"));
    assertThat(r.getLong("unparsed")).isZero();
    assertThat(r.getLong("latency_count")).isPositive();
    assertThat(r.getDouble("latency_p99_ms")).isPositive();
  }

  @Test
  void broadcastReachesEveryConnection() throws Exception {
    LoadResult r = run(small(Scenario.BROADCAST).build());
    assertEveryMessageArrived(r);
    assertThat(r.getLong("expected_deliveries")).isEqualTo(r.getLong("sends_accepted") * 40);
    assertThat(r.toJson()).startsWith("{\"scenario\":\"broadcast\"").doesNotContain("\n");
  }

  @Test
  void broadcastWithMessagePackAndLargePayload() throws Exception {
    LoadResult r = run(small(Scenario.BROADCAST).protocol("messagepack").payloadBytes(2048).build());
    assertEveryMessageArrived(r);
    assertThat(r.getLong("expected_deliveries")).isEqualTo(r.getLong("sends_accepted") * 40);
  }

  @Test
  void groupSendsReachTheMembersOnly() throws Exception {
    LoadResult r = run(small(Scenario.GROUP).groupSize(8).build());
    assertEveryMessageArrived(r);
    assertThat(r.getLong("groups")).isEqualTo(5);
    assertThat(r.getLong("group_join_failures")).isZero();
    assertThat(r.getLong("expected_deliveries")).isEqualTo(r.getLong("sends_accepted") * 8);
  }

  @Test
  void connectionAndUserSendsReachOneClientEach() throws Exception {
    LoadResult byConnection = run(small(Scenario.CONNECTION).build());
    assertEveryMessageArrived(byConnection);
    assertThat(byConnection.getLong("expected_deliveries")).isEqualTo(byConnection.getLong("sends_accepted"));
    LoadResult byUser = run(small(Scenario.USER).protocol("messagepack").build());
    assertEveryMessageArrived(byUser);
    assertThat(byUser.getLong("expected_deliveries")).isEqualTo(byUser.getLong("sends_accepted"));
  }

  @Test
  void idleReportsMemoryPerConnection() throws Exception {
    LoadResult r = run(small(Scenario.IDLE).idleSettle(Duration.ofSeconds(3)).build());
    assertThat(r.getLong("open_connections")).isEqualTo(40);
    assertThat(r.getLong("errors")).isZero();
    assertThat(r.get("server_rss_per_connection_kb")).isInstanceOf(Double.class);
  }
}
