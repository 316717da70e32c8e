package dev.hubbub.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.SignalRException;
import dev.hubbub.service.HubbubService;
import dev.hubbub.service.ServiceOptions;
import dev.hubbub.test.RedisServerProcess;
import dev.hubbub.test.client.ConnectionState;
import dev.hubbub.test.client.HubTestClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A service node in its own JVM ({@code start --redis}, the command line), frozen with SIGSTOP and killed with
 * SIGKILL while another node in this JVM serves clients.
 */
class NodeKillTest {

  @Test
  void aFrozenNodeMakesQuestionsFailWithinTheBoundAndAKilledNodeLeavesTheOthersWhole() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(null);
        HubbubService a = HubbubService.start(ServiceOptions.builder().port(0)
            .backplane(RedisServiceBackplane.create(RedisServiceBackplaneOptions.of(redis.uri()).withNodeName("a")
                .withQueryTimeout(Duration.ofSeconds(2))))
            .build());
        ServiceManager managerA = new ServiceManagerBuilder().connectionString(a.connectionString()).build()) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.hubbub.service.internal.cli.ServiceCommand", "start",
          "--port", String.valueOf(port), "--redis", redis.uri())
          .redirectErrorStream(true).start();
      try {
        CompletableFuture<Void> started = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
              StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
              synchronized (output) {
                output.append(line).append('\n');
              }
              if (line.contains("successfully started")) {
                started.complete(null);
              }
            }
          } catch (java.io.IOException e) {
            // the child ended
          }
          started.completeExceptionally(new AssertionError("the child node ended:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        started.get(60, TimeUnit.SECONDS);

        String childConnection = "Endpoint=http://localhost:" + port + ";AccessKey="
            + ServiceOptions.EMULATOR_ACCESS_KEY + ";Version=1.0;";
        try (ServiceManager managerB = new ServiceManagerBuilder().connectionString(childConnection).build();
            HubTestClient onA = ClusterFaultTest.client(managerA, "ua");
            HubTestClient onB = ClusterFaultTest.client(managerB, "ub")) {
          ServiceHubContext hubA = managerA.createHubContext("faults");
          hubA.groups().addToGroup(onA.connectionId(), "g");
          hubA.groups().addToGroup(onB.connectionId(), "g");
          hubA.clients().group("g").send("m", "both");
          assertThat(onB.on("m").awaitNext().argument(0, String.class)).isEqualTo("both");
          assertThat(onA.on("m").awaitNext().argument(0, String.class)).isEqualTo("both");

          // Frozen: its Redis connections stay open, so it counts as a node that must answer, and does not.
          new ProcessBuilder("kill", "-STOP", String.valueOf(child.pid())).start().waitFor();
          long asked = System.nanoTime();
          assertThatThrownBy(() -> hubA.clientManager().groupExists("nobody-here"))
              .isInstanceOf(SignalRException.class);
          long millis = (System.nanoTime() - asked) / 1_000_000;
          assertThat(millis).as("fails at the 2 s query timeout, not later").isBetween(1_500L, 10_000L);

          new ProcessBuilder("kill", "-KILL", String.valueOf(child.pid())).start().waitFor();
          child.waitFor(10, TimeUnit.SECONDS);
          onB.awaitState(ConnectionState.DISCONNECTED, Duration.ofSeconds(30));

          // Node A and its members are whole: questions are answered by the nodes left, group sends arrive.
          await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
              .until(() -> !hubA.clientManager().groupExists("nobody-here"));
          assertThat(hubA.clientManager().groupExists("g")).isTrue();
          assertThat(hubA.clientManager().userExists("ub")).isFalse();
          hubA.clients().group("g").send("m", "after");
          assertThat(onA.on("m").awaitNext().argument(0, String.class)).isEqualTo("after");
          onA.on("m").assertNoMore();
        }
      } finally {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
