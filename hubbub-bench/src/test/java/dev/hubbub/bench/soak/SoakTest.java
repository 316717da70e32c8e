package dev.hubbub.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.bench.hub.BenchHubServer;
import dev.hubbub.bench.load.Target;
import dev.hubbub.server.HubServer;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceMode;
import dev.hubbub.service.ServiceOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The soak in CI: both products at once, for {@value #DEFAULT_SECONDS} s by default, a few hundred clients each
 * with churn, every delivery checked. Longer or bigger with {@code -Dhubbub.soak.seconds=3600
 * -Dhubbub.soak.connections=2000}.
 */
class SoakTest {
  static final int DEFAULT_SECONDS = 120;
  private static final long SECONDS = Long.getLong("hubbub.soak.seconds", DEFAULT_SECONDS);
  private static final int CONNECTIONS = Integer.getInteger("hubbub.soak.connections", 300);
  private static final int RATE = Integer.getInteger("hubbub.soak.rate", 40);

  private static HubbubService service;
  private static HubServer behindService;
  private static HubServer selfHosted;

  @BeforeAll
  static void start() throws Exception {
    service = HubbubService.start(ServiceOptions.builder().port(0).mode(ServiceMode.DEFAULT).build());
    behindService = BenchHubServer.start(0, service.connectionString(), 2);
    selfHosted = BenchHubServer.start(0, null, 1);
    await().atMost(Duration.ofSeconds(30)).until(behindService::isHealthy);
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

  private static SoakConfig config(Target target, int port, boolean jcmd) {
    return SoakConfig.DEFAULTS.toBuilder()
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .target(target)
        .connections(CONNECTIONS)
        .invokers(6)
        .restSenders(2)
        .rate(RATE)
        .churn(3)
        .groups(20)
        .duration(Duration.ofSeconds(SECONDS))
        .interval(Duration.ofSeconds(10))
        .lossTimeout(Duration.ofSeconds(10))
        // the products run in this JVM: its fds count both ends of every socket, and both runs' clients
        .serverPid(ProcessHandle.current().pid())
        .jcmd(jcmd)
        .ioThreads(1)
        .build();
  }

  @Test
  void bothProductsDeliverEveryMessageInOrderWithChurn() throws Exception {
    ExecutorService runs = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Run> throughService = CompletableFuture.supplyAsync(
          () -> run(config(Target.SERVICE, service.port(), true)), runs);
      CompletableFuture<Run> selfHostedRun = CompletableFuture.supplyAsync(
          () -> run(config(Target.SELF, selfHosted.port(), false)), runs);
      assertClean(throughService.get());
      assertClean(selfHostedRun.get());
      assertFdsBounded(throughService.get().result());
    } finally {
      runs.shutdownNow();
    }
  }

  private record Run(SoakResult result, String output) {}

  private static Run run(SoakConfig config) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8)) {
      SoakResult r = new SoakRun(config, new TeeStream(out, System.out), System.err).run();
      return new Run(r, lines.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertClean(Run run) {
    SoakResult r = run.result();
    String context = "soak output:\n" + run.output();
    assertThat(r.getLong("checked")).as(context).isGreaterThan(1000);
    assertThat(r.getLong("lost")).as(context).isZero();
    assertThat(r.getLong("duplicated")).as(context).isZero();
    assertThat(r.getLong("out_of_order")).as(context).isZero();
    assertThat(r.getLong("send_failures")).as(context).isZero();
    assertThat(r.getLong("unexpected_closes")).as(context).isZero();
    assertThat(r.getLong("churned")).as(context).isPositive();
    assertThat(r.ok()).as(context).isTrue();
  }

  /** Once warm (the second interval), open fds stay within a bound: the churn's closes do not leak. */
  private static void assertFdsBounded(SoakResult r) {
    List<Map<String, Object>> lines = r.intervals();
    assertThat(lines).hasSizeGreaterThan(2);
    long warm = ((Number) lines.get(1).get("server_fds")).longValue();
    long bound = warm + CONNECTIONS / 2 + 64;
    for (Map<String, Object> line : lines.subList(2, lines.size())) {
      assertThat(((Number) line.get("server_fds")).longValue()).as("fds at %s s (warm: %d)", line.get("t_s"), warm)
          .isLessThanOrEqualTo(bound);
    }
  }

  /** Interval lines go to the test's output as they come, and are kept for the failure message. */
  private static final class TeeStream extends PrintStream {
    private final PrintStream second;

    TeeStream(PrintStream first, PrintStream second) {
      super(first, true, StandardCharsets.UTF_8);
      this.second = second;
    }

    @Override
    public void println(String x) {
      super.println(x);
      second.println(x);
    }
  }
}
