package dev.hubbub.bench.hub;

import org.jspecify.annotations.Nullable;
import dev.hubbub.server.AzureSignalROptions;
import dev.hubbub.server.HubServer;
import dev.hubbub.server.redis.RedisBackplane;
import dev.hubbub.transport.AuthResult;
import dev.hubbub.transport.TransportUser;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hub server of the hub load scenarios: hub {@code /bench} ({@link BenchHub}), self-hosted or behind a
 * SignalR service in Default mode.
 *
 * <pre>
 * java -cp hubbub-bench/target/hubbub-loadgen.jar dev.hubbub.bench.hub.BenchHubServer --port 8080
 * java -cp hubbub-bench/target/hubbub-loadgen.jar dev.hubbub.bench.hub.BenchHubServer --port 8080 \
 *     --service "Endpoint=http://localhost:8888;AccessKey=...;Version=1.0;" --connection-count 5
 * java -cp hubbub-bench/target/hubbub-loadgen.jar dev.hubbub.bench.hub.BenchHubServer --port 8081 \
 *     --redis redis://127.0.0.1:6379
 * </pre>
 *
 * Prints {@value #LISTENING} and the URL once it listens and, behind a service, {@value #CONNECTED} once
 * every service connection is up (scripts wait for these lines); stops gracefully on SIGTERM.
 */
@Command(name = "bench-hub-server", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs hub /bench (echo, broadcast) for the hub load scenarios of the load generator.")
public final class BenchHubServer implements Callable<Integer> {
  static final String LISTENING = "Bench hub server listening on ";
  static final String CONNECTED = "Bench hub server connected to the service: ";
  /** The hub's path; its name on a service is {@code bench}. */
  public static final String HUB_PATH = "/bench";

  @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(names = "--service", description = "Connection string of a SignalR service in Default mode; without it "
      + "the hub is self-hosted.")
  @Nullable String connectionString;

  @Option(names = "--connection-count", description = "Service connections per hub (default ${DEFAULT-VALUE}, as "
      + "the Azure SignalR SDK).", defaultValue = "5")
  int connectionCount;

  @Option(names = "--redis", description = "Redis URI of a scale-out backplane (self-hosted only): run several "
      + "bench hub servers on one Redis.")
  @Nullable String redis;

  private BenchHubServer() {}

  /** Starts the bench hub server on {@code port}: self-hosted when {@code connectionString} is null. */
  public static HubServer start(int port, @Nullable String connectionString, int connectionCount) {
    return start(port, connectionString, connectionCount, null);
  }

  /** As {@link #start(int, String, int)}, on a Redis backplane at {@code redis} when it is not null. */
  public static HubServer start(int port, @Nullable String connectionString, int connectionCount,
      @Nullable String redis) {
    HubServer.Builder builder = HubServer.builder()
        .port(port)
        .hub(HUB_PATH, BenchHub.class)
        // the load generator's clients connect to the service's hub "bench" directly, without negotiate
        .serviceHubName(HUB_PATH, "bench")
        // one invocation at a time per client (ASP.NET Core's default); a paced client sends far slower
        .options(o -> o.maximumParallelInvocationsPerClient(1));
    if (connectionString == null) {
      // self-hosted: the soak names each client's user in the query (?user=u1); without it, anonymous
      builder.authenticator((request, application) -> {
        String user = request.queryParam("user");
        return user == null ? AuthResult.anonymous() : AuthResult.allow(TransportUser.of(user));
      });
    } else {
      builder.useAzureSignalR(AzureSignalROptions.builder()
          .connectionString(connectionString)
          .connectionCount(connectionCount)
          .build());
    }
    if (redis != null) {
      builder.backplane(RedisBackplane.create(redis));
    }
    return builder.start();
  }

  @Override
  public Integer call() throws InterruptedException {
    HubServer server = start(port, connectionString, connectionCount, redis);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bench-hub-server-shutdown"));
    System.out.println(LISTENING + "http://127.0.0.1:" + server.port() + HUB_PATH + " (pid "
        + ProcessHandle.current().pid() + ", " + Runtime.getRuntime().availableProcessors() + " processors)");
    System.out.flush();
    if (server.isBehindService()) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!server.isHealthy()) {
        if (System.nanoTime() > deadline) {
          System.err.println("The service connections are not up after 60 s: " + server.serviceConnectionStates()
              + ". Is the service running in Default mode at the connection string's endpoint?");
          server.close();
          return 1;
        }
        Thread.sleep(50);
      }
      System.out.println(CONNECTED + server.serviceConnectionStates() + " as " + server.serverId());
      System.out.flush();
    }
    // the transport's threads are daemons: stay alive until SIGTERM runs the shutdown hook
    new CountDownLatch(1).await();
    return 0;
  }

  public static void main(String[] args) {
    // the server's per-connection logs would cost CPU in the measured process; warnings still show
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(new CommandLine(new BenchHubServer()).execute(args));
  }
}
