package dev.hubbub.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator for the Hubbub service and hub servers: opens WebSocket clients, drives REST sends (service
 * scenarios) or hub invocations by the clients ({@code echo}, {@code hub-broadcast} against the bench hub of
 * {@code dev.hubbub.bench.hub.BenchHubServer}) at a paced rate and reports delivered messages per second,
 * delivery latency, and the servers' memory and CPU.
 *
 * <pre>
 * java -jar hubbub-bench/target/hubbub-loadgen.jar --scenario broadcast --connections 10000 --rate 100 \
 *     --server-pid $(pgrep -f hubbub-service.jar)
 * java -jar hubbub-bench/target/hubbub-loadgen.jar --scenario echo --target self --endpoint http://localhost:8080 \
 *     --connections 1000 --rate 1000
 * </pre>
 *
 * <p>{@code hubbub-loadgen soak ...} runs a soak instead ({@link dev.hubbub.bench.soak.SoakCommand}).
 */
@Command(name = "hubbub-loadgen", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = dev.hubbub.bench.soak.SoakCommand.class,
    description = "Drives a running Hubbub (or Azure SignalR-compatible) service, or a hub server, and measures it. "
        + "Prints a summary and, as its last line, one line of JSON.")
public final class LoadGenerator implements Callable<Integer> {
  private static final LoadConfig D = LoadConfig.DEFAULTS;

  @Option(names = "--endpoint", description = "Base URL of the service, or of the hub server with --target self "
      + "(default ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8888")
  URI endpoint;

  @Option(names = "--hub", description = "Hub name (default ${DEFAULT-VALUE}).", defaultValue = "bench")
  String hub;

  @Option(names = "--connections", description = "WebSocket clients (default ${DEFAULT-VALUE}).", defaultValue = "1000")
  int connections;

  @Option(names = "--connect-rate", description = "Connections opened per second while ramping (default ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  int connectRate;

  @Option(names = "--max-pending-connects", description = "Connections allowed to await their handshake at once "
      + "(default ${DEFAULT-VALUE}).", defaultValue = "500")
  int maxPendingConnects;

  @Option(names = "--scenario", description = "REST sends through the service: broadcast | group | connection | user; "
      + "idle; hub invocations: echo | hub-broadcast (default ${DEFAULT-VALUE}).", defaultValue = "broadcast")
  String scenario;

  @Option(names = "--target", description = "service: clients connect to the service's /client/ endpoint with a "
      + "token; self: to a self-hosted hub server's /<hub> (echo, hub-broadcast only) (default ${DEFAULT-VALUE}).",
      defaultValue = "service")
  String target;

  @Option(names = "--rate", description = "REST sends or hub invocations per second in all, open loop (default "
      + "${DEFAULT-VALUE}).", defaultValue = "10")
  int rate;

  @Option(names = "--senders", description = "Clients invoking broadcast in hub-broadcast, the rate shared among "
      + "them (default ${DEFAULT-VALUE}).", defaultValue = "4")
  int senders;

  @Option(names = "--duration", description = "Measured seconds (default ${DEFAULT-VALUE}).", defaultValue = "20")
  int duration;

  @Option(names = "--warmup", description = "Seconds of sending before the measured window (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int warmup;

  @Option(names = "--drain", description = "Seconds to wait for deliveries after the last send (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int drain;

  @Option(names = "--payload-bytes", description = "Padding string after the timestamp argument (default ${DEFAULT-VALUE}).",
      defaultValue = "32")
  int payloadBytes;

  @Option(names = "--protocol", description = "json | messagepack (default ${DEFAULT-VALUE}).", defaultValue = "json")
  String protocol;

  @Option(names = "--group-size", description = "Members per group in the group scenario (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  int groupSize;

  @Option(names = "--rest-connections", description = "Keep-alive HTTP connections for REST calls, one request in "
      + "flight each (default ${DEFAULT-VALUE}).", defaultValue = "32")
  int restConnections;

  @Option(names = "--server-pid", description = "Pid of what the clients connect to (service, or the hub server with "
      + "--target self), to read its RSS and CPU time from /proc.", defaultValue = "0")
  long serverPid;

  @Option(names = "--hub-server-pid", description = "Pid of the hub server behind the service (--target service), "
      + "read like --server-pid into hub_server_* figures.", defaultValue = "0")
  long hubServerPid;

  @Option(names = "--access-key", description = "Key to sign tokens with (default: the emulator's key).",
      defaultValue = LoadConfig.EMULATOR_ACCESS_KEY)
  String accessKey;

  @Option(names = "--idle-settle", description = "Longest wait, in seconds, for the server's RSS to settle in the idle "
      + "scenario (default ${DEFAULT-VALUE}).", defaultValue = "30")
  int idleSettle;

  @Option(names = "--idle-hold", description = "Least seconds the idle scenario holds its connections once open "
      + "(default ${DEFAULT-VALUE}).", defaultValue = "0")
  int idleHold;

  @Option(names = "--io-threads", description = "Event loops; 0 = one per available core (default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int ioThreads;

  @Option(names = {"--extra-ports", "--second-port"}, split = ",", description = "Ports of more servers on the same "
      + "host that share a backplane (hub servers or service nodes on Redis); clients are spread over the "
      + "endpoint's port and these in turn (default: none).")
  java.util.List<Integer> extraPorts = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    LoadConfig config = D.toBuilder()
        .endpoint(endpoint).hub(hub).connections(connections).connectRate(connectRate)
        .maxPendingConnects(maxPendingConnects).scenario(Scenario.parse(scenario)).target(Target.parse(target))
        .rate(rate).senders(senders).hubServerPid(hubServerPid)
        .duration(Duration.ofSeconds(duration)).warmup(Duration.ofSeconds(warmup)).drain(Duration.ofSeconds(drain))
        .payloadBytes(payloadBytes).protocol(protocol).groupSize(groupSize).restConnections(restConnections)
        .serverPid(serverPid).accessKey(accessKey).idleSettle(Duration.ofSeconds(idleSettle)).idleHold(Duration.ofSeconds(idleHold)).ioThreads(ioThreads)
        .extraPorts(extraPorts)
        .build();
    PrintStream out = System.out;
    System.err.println(config);
    LoadResult result = new LoadRun(config, System.err).run();
    out.println("Hubbub load: " + config.scenario().id() + (config.scenario().invokesHub() ? " (target "
        + config.target().id() + ")" : "") + ", " + config.connections() + " connections");
    out.print(result.summary());
    for (String warning : warnings(result)) {
      out.println("WARNING: " + warning);
    }
    out.println(result.toJson());
    out.flush();
    return 0;
  }

  /** What a reader of the figures must know: a sender or generator that limited the run, lost messages. */
  static java.util.List<String> warnings(LoadResult r) {
    java.util.List<String> w = new java.util.ArrayList<>();
    if (Boolean.FALSE.equals(r.get("sender_kept_up"))) {
      w.add(String.format(java.util.Locale.ROOT, "the sender could not keep up: %d sends never written, %d written"
          + " more than 10 ms late, at most %.0f ms behind (%s); latency counts from each send's due time",
          r.getLong("sends_missed"),
          r.getLong("sends_late_10ms"), r.getDouble("sender_max_lag_ms"),
          r.get("target") != null ? "the server read too slowly, or the generator's core was busy"
              : "the service answered too slowly, or raise --rest-connections"));
    }
    if (r.getDouble("generator_cpu_util") > 0.9) {
      w.add("the generator's own core was busy " + Math.round(100 * r.getDouble("generator_cpu_util"))
          + " % of the window: figures may be limited by the generator");
    }
    if (r.getLong("undelivered") > 0) {
      w.add(r.getLong("undelivered") + " deliveries did not arrive within the drain time");
    }
    if (r.getLong("errors") > 0) {
      w.add(r.getLong("errors") + " errors, e.g. " + r.get("error_samples"));
    }
    return w;
  }

  public static void main(String[] args) {
    // Bounded: a run that outlives its own deadlines by far is stuck; stop it rather than hang a script.
    // A soak runs for hours on purpose and bounds each of its own waits.
    boolean soak = args.length > 0 && "soak".equals(args[0]);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(Duration.ofMinutes(20).toMillis());
        System.err.println("load generator still running after 20 minutes; exiting");
        System.exit(3);
      } catch (InterruptedException ignored) {
        // normal exit
      }
    }, "loadgen-watchdog");
    watchdog.setDaemon(true);
    if (!soak) {
      watchdog.start();
    }
    int code = new CommandLine(new LoadGenerator())
        .registerConverter(URI.class, URI::create)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .execute(args);
    System.exit(code);
  }
}
