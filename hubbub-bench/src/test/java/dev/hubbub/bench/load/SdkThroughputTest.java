package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/** Short runs of the SDK throughput tool against an in-process service, so the tool keeps working. */
@Timeout(30)
class SdkThroughputTest {
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

  @ParameterizedTest
  @CsvSource({"rest, user", "persistent, user", "persistent, all"})
  void everyAcceptedSendArrives(String transport, String target) throws Exception {
    SdkThroughput tool = new SdkThroughput();
    tool.endpoint = URI.create("http://localhost:" + service.port());
    tool.transport = transport;
    tool.target = target;
    tool.clients = 5;
    tool.inFlight = 16;
    tool.barrierEvery = 4;
    tool.warmup = 0.2;
    tool.duration = 0.8;
    tool.drain = 5;
    LoadResult r = tool.run(new PrintStream(OutputStream.nullOutputStream()));
    assertThat(r.getLong("errors")).as("errors: %s", r.get("error_samples")).isZero();
    assertThat(r.getLong("accepted")).isPositive().isEqualTo(r.getLong("sends"));
    assertThat(r.getLong("expected_deliveries")).isEqualTo(r.getLong("accepted") * ("all".equals(target) ? 5 : 1));
    assertThat(r.getLong("lost")).isZero();
    assertThat(r.getLong("clients_lost")).isZero();
    assertThat(r.getLong("delivered")).isEqualTo(r.getLong("expected_deliveries"));
    assertThat(r.getLong("unparsed")).isZero();
    assertThat(r.getDouble("sends_per_s")).isPositive();
    assertThat(r.toJson()).startsWith("{\"tool\":\"sdk-throughput\"").doesNotContain("\n");
  }
}
