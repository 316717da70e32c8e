package dev.hubbub.bench.soak;

import dev.hubbub.bench.load.LoadConfig;
import dev.hubbub.bench.load.Target;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hubbub-loadgen soak}: hours of mixed traffic with every delivery checked (see {@link SoakRun}).
 *
 * <pre>
 * java -jar hubbub-bench/target/hubbub-loadgen.jar soak --target service --endpoint http://127.0.0.1:8888 \
 *     --connections 2000 --duration 3600 --server-pid $SERVICE_PID --hub-server-pid $HUB_SERVER_PID
 * java -jar hubbub-bench/target/hubbub-loadgen.jar soak --target self --endpoint http://127.0.0.1:8080 \
 *     --connections 2000 --duration 3600 --server-pid $HUB_SERVER_PID
 * </pre>
 *
 * Exits 0 when nothing was lost, duplicated or reordered and no client was closed by the server, else 1.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Mixed traffic for a long time against the service (REST and hub invocations, with the bench hub "
        + "server behind it in Default mode) or the self-hosted bench hub server, with connects and disconnects "
        + "at a steady churn; checks every delivery and prints one JSON line per interval and a summary line. "
        + "Exit code 1 if anything was lost, duplicated or out of order.")
public final class SoakCommand implements Callable<Integer> {
  private static final SoakConfig D = SoakConfig.DEFAULTS;

  @Option(names = "--endpoint", description = "Base URL of the service, or of the hub server with --target self "
      + "(default ${DEFAULT-VALUE}).", defaultValue = "http://127.0.0.1:8888")
  URI endpoint = D.endpoint();

  @Option(names = "--target", description = "service | self (default ${DEFAULT-VALUE}).", defaultValue = "service")
  String target = "service";

  @Option(names = "--hub", description = "Hub name (default ${DEFAULT-VALUE}).", defaultValue = "bench")
  String hub = D.hub();

  @Option(names = "--connections", description = "Clients held open (default ${DEFAULT-VALUE}).", defaultValue = "1000")
  int connections = D.connections();

  @Option(names = "--invokers", description = "Clients that send hub invocations; never churned (default "
      + "${DEFAULT-VALUE}).", defaultValue = "8")
  int invokers = D.invokers();

  @Option(names = "--rest-senders", description = "REST senders, one request in flight each (service only; "
      + "default ${DEFAULT-VALUE}).", defaultValue = "4")
  int restSenders = D.restSenders();

  @Option(names = "--rate", description = "Sends per second in all; half REST, half invocations against the "
      + "service (default ${DEFAULT-VALUE}).", defaultValue = "100")
  int rate = D.rate();

  @Option(names = "--churn", description = "Clients closed and replaced per second (default ${DEFAULT-VALUE}).",
      defaultValue = "5")
  double churn = D.churn();

  @Option(names = "--groups", description = "Groups the clients are spread over (default ${DEFAULT-VALUE}).",
      defaultValue = "50")
  int groups = D.groups();

  @Option(names = "--duration", description = "Seconds of sending (default ${DEFAULT-VALUE}).", defaultValue = "3600")
  long duration = D.duration().toSeconds();

  @Option(names = "--interval", description = "Seconds between report lines (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  long interval = D.interval().toSeconds();

  @Option(names = "--loss-timeout", description = "Seconds after which a missing message counts as lost (default "
      + "${DEFAULT-VALUE}).", defaultValue = "10")
  long lossTimeout = D.lossTimeout().toSeconds();

  @Option(names = "--connect-rate", description = "Clients opened per second while ramping up (default "
      + "${DEFAULT-VALUE}).", defaultValue = "200")
  int connectRate = D.connectRate();

  @Option(names = "--server-pid", description = "Pid of what the clients connect to: RSS, fds, heap and GC per "
      + "interval (default: none).", defaultValue = "0")
  long serverPid;

  @Option(names = "--hub-server-pid", description = "Pid of the hub server behind the service, sampled alike "
      + "(default: none).", defaultValue = "0")
  long hubServerPid;

  @Option(names = "--no-jcmd", description = "Do not run jcmd PerfCounter.print for heap and GC figures.")
  boolean noJcmd;

  @Option(names = "--access-key", description = "Key the service signs tokens with (default: the emulator's).",
      defaultValue = LoadConfig.EMULATOR_ACCESS_KEY)
  String accessKey = D.accessKey();

  @Option(names = "--io-threads", description = "The clients' event loops (default ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int ioThreads = D.ioThreads();

  @Override
  public Integer call() throws Exception {
    SoakConfig config = D.toBuilder().endpoint(endpoint).target(Target.parse(target)).hub(hub)
        .connections(connections).invokers(invokers).restSenders(restSenders).rate(rate).churn(churn)
        .groups(groups).duration(Duration.ofSeconds(duration)).interval(Duration.ofSeconds(interval))
        .lossTimeout(Duration.ofSeconds(lossTimeout)).connectRate(connectRate).serverPid(serverPid)
        .hubServerPid(hubServerPid).jcmd(!noJcmd).accessKey(accessKey).ioThreads(ioThreads).build();
    System.err.println(config);
    SoakResult result = new SoakRun(config, System.out, System.err).run();
    return result.ok() ? 0 : 1;
  }
}
