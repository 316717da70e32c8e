package dev.hubbub.service.density;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.protocol.auth.AccessTokenIssuer;
import dev.hubbub.protocol.auth.TokenClaims;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Live heap per idle WebSocket client of the service: 2,000 clients (token in the Authorization header, JSON
 * handshake done) held by another JVM; the heap in use after full collections, with and without them. Prints
 * the figure; asserts only that every client connected (the figure is a measurement, not a pass mark).
 *
 * <pre>./mvnw -o -pl hubbub-service test -Dtest=IdleDensityTest   # look for "live heap per idle connection"</pre>
 */
class IdleDensityTest {
  private static final int CLIENTS = Integer.getInteger("hubbub.density.clients", 2000);
  /** {@code -Dhubbub.density.histogram=true} also prints which classes grew, per connection (needs jcmd). */
  private static final boolean HISTOGRAM = Boolean.getBoolean("hubbub.density.histogram");

  @Test
  void liveHeapPerIdleWebSocketConnection() throws Exception {
    try (HubbubService service = HubbubService.start(ServiceOptions.builder().port(0).build())) {
      String token = AccessTokenIssuer.builder(service.options().accessKey()).build()
          .issue("http://localhost/client/?hub=chat", TokenClaims.builder().nameId("user-1").build());
      // Warm up the path once (classes, pools), so the baseline holds what every later connection shares.
      runClients(service, 50, token, () -> { });
      long[] measured = new long[2];
      measured[0] = liveHeap();
      java.util.Map<String, long[]> before = HISTOGRAM ? histogram() : java.util.Map.of();
      java.util.Map<String, long[]> after = new java.util.HashMap<>();
      runClients(service, CLIENTS, token, () -> {
        measured[1] = liveHeap();
        if (HISTOGRAM) {
          after.putAll(histogram());
        }
      });
      if (HISTOGRAM) {
        printGrowth(before, after);
      }
      long perConnection = (measured[1] - measured[0]) / CLIENTS;
      System.out.printf("live heap per idle connection: %d bytes (%d clients, %d -> %d bytes, %s)%n",
          perConnection, CLIENTS, measured[0], measured[1],
          ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
      assertThat(perConnection).isPositive();
    }
  }

  private static void runClients(HubbubService service, int count, String token, Runnable whileOpen)
      throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes = Path.of(IdleClients.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", classes, IdleClients.class.getName(),
        String.valueOf(service.port()), String.valueOf(count), "chat", token)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready " + count);
      await().atMost(Duration.ofSeconds(30)).until(() -> service.connectionCount() == count);
      whileOpen.run();
    } finally {
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> service.connectionCount() == 0);
  }

  /** Class name to {instances, bytes} of live objects, from {@code jcmd <pid> GC.class_histogram}. */
  private static java.util.Map<String, long[]> histogram() {
    try {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      Process p = new ProcessBuilder(jcmd, String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
          .redirectErrorStream(true).start();
      java.util.Map<String, long[]> classes = new java.util.HashMap<>();
      for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":")) {
          classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
      }
      p.waitFor(30, TimeUnit.SECONDS);
      return classes;
    } catch (Exception e) {
      throw new IllegalStateException("jcmd GC.class_histogram failed: " + e, e);
    }
  }

  private static void printGrowth(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after) {
    after.entrySet().stream()
        .map(e -> {
          long[] b = before.getOrDefault(e.getKey(), new long[2]);
          return java.util.Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
        })
        .filter(e -> e.getValue()[1] > CLIENTS * 8L)
        .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .limit(30)
        .forEach(e -> System.out.printf("  %7.2f objects %7.1f bytes per connection  %s%n",
            e.getValue()[0] / (double) CLIENTS, e.getValue()[1] / (double) CLIENTS, e.getKey()));
  }

  private static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
