package dev.hubbub.bench.load;

import dev.hubbub.management.ClientProxyAsync;
import dev.hubbub.management.ServiceHubContextAsync;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import dev.hubbub.management.ServiceTransportType;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many sends one JVM pushes through the management SDK ({@code hubbub-management}) into a running service,
 * end to end: as fast as the SDK takes them with a bounded number unfinished, for a fixed time, while WebSocket
 * clients (users {@code u0..u<n-1>}, one connection each) count what arrives.
 *
 * <p>A send is <em>accepted</em> when its future completes: with REST, on the service's 202; with the persistent
 * transport a send's future completes once it is queued on the socket, which proves nothing, so every
 * {@code --barrier-every} sends the tool asks {@code userExists} (a {@code *WithAck} message on the same
 * connection, which the service handles in order after the sends before it) and counts those sends accepted on
 * that Ack. Unfinished = sends not yet accepted, bounded by {@code --in-flight}.
 *
 * <pre>
 * java -cp hubbub-bench/target/hubbub-loadgen.jar dev.hubbub.bench.load.SdkThroughput --transport rest --target user
 * </pre>
 */
@Command(name = "hubbub-sdk-throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sends through the management SDK as fast as it goes and counts what the clients receive. "
        + "Prints a summary and, as its last line, one line of JSON.")
public final class SdkThroughput implements Callable<Integer> {

  @Option(names = "--endpoint", description = "Base URL of the service (default ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8888")
  URI endpoint = URI.create("http://localhost:8888");

  @Option(names = "--access-key", description = "Access key of the service (default: the emulator's).",
      defaultValue = LoadConfig.EMULATOR_ACCESS_KEY)
  String accessKey = LoadConfig.EMULATOR_ACCESS_KEY;

  @Option(names = "--hub", description = "Hub name (default ${DEFAULT-VALUE}).", defaultValue = "bench")
  String hub = "bench";

  @Option(names = "--transport", description = "rest (TRANSIENT) or persistent (default ${DEFAULT-VALUE}).",
      defaultValue = "rest")
  String transport = "rest";

  @Option(names = "--target", description = "user: round-robin over the clients' users; all: broadcast "
      + "(default ${DEFAULT-VALUE}).", defaultValue = "user")
  String target = "user";

  @Option(names = "--clients", description = "WebSocket clients, one user each (default ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int clients = 100;

  @Option(names = "--in-flight", description = "Sends not yet accepted at most (default ${DEFAULT-VALUE}).",
      defaultValue = "256")
  int inFlight = 256;

  @Option(names = "--barrier-every", description = "Persistent: an Ack'ed userExists after this many sends, "
      + "at most half of --in-flight (default ${DEFAULT-VALUE}).", defaultValue = "500")
  int barrierEvery = 500;

  @Option(names = "--connection-count", description = "Persistent connections per hub (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int connectionCount = 1;

  @Option(names = "--warmup", description = "Seconds of sending before the window (default ${DEFAULT-VALUE}).",
      defaultValue = "5")
  double warmup = 5;

  @Option(names = "--duration", description = "Seconds of the measured window (default ${DEFAULT-VALUE}).",
      defaultValue = "10")
  double duration = 10;

  @Option(names = "--drain", description = "Seconds to wait for deliveries after the last send (default "
      + "${DEFAULT-VALUE}).", defaultValue = "10")
  double drain = 10;

  @Option(names = "--payload-bytes", description = "Padding argument after the timestamp (default ${DEFAULT-VALUE}).",
      defaultValue = "32")
  int payloadBytes = 32;

  @Option(names = "--server-pid", description = "The service's process id, to report its CPU time per send "
      + "(default: not read).", defaultValue = "0")
  long serverPid;

  /** Runs with the options set and returns the figures. */
  LoadResult run(PrintStream log) throws InterruptedException {
    boolean persistent = switch (transport.toLowerCase(Locale.ROOT)) {
      case "rest", "transient" -> false;
      case "persistent" -> true;
      default -> throw new IllegalArgumentException("--transport must be rest or persistent, not '" + transport + "'.");
    };
    boolean toAll = switch (target.toLowerCase(Locale.ROOT)) {
      case "user" -> false;
      case "all" -> true;
      default -> throw new IllegalArgumentException("--target must be user or all, not '" + target + "'.");
    };
    LoadConfig fleetConfig = LoadConfig.DEFAULTS.toBuilder().endpoint(endpoint).hub(hub).connections(clients)
        .scenario(Scenario.USER).accessKey(accessKey).payloadBytes(payloadBytes).ioThreads(1).build();
    LoadResult result = new LoadResult();
    result.put("tool", "sdk-throughput").put("transport", persistent ? "persistent" : "rest")
        .put("target", toAll ? "all" : "user").put("clients", clients).put("in_flight", inFlight);
    // the sends of a barrier hold permits until its Ack: more per barrier than permits would never send it
    int barrierStep = Math.max(1, Math.min(barrierEvery, inFlight / 2));
    if (persistent) {
      result.put("barrier_every", barrierStep);
    }
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    String connectionString = "Endpoint=" + endpoint + ";AccessKey=" + accessKey + ";Version=1.0;";
    try (ClientFleet fleet = new ClientFleet(fleetConfig, group);
        ServiceManager manager = new ServiceManagerBuilder().connectionString(connectionString)
            .transportType(persistent ? ServiceTransportType.PERSISTENT : ServiceTransportType.TRANSIENT)
            .connectionCount(connectionCount).build();
        ServiceHubContextAsync context = manager.createHubContext(hub).async()) {
      fleet.open(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
      if (fleet.open() != clients) {
        throw new IllegalStateException(fleet.open() + " of " + clients + " clients connected: " + fleet.errorSamples());
      }
      log.printf("%d clients connected; sending over %s for %.0f + %.0f s%n", clients, result.get("transport"),
          warmup, duration);
      new Sender(context, fleet, persistent, toAll, barrierStep, log).run(result);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    return result;
  }

  /** The sending thread's state for one run. */
  private final class Sender {
    private final ServiceHubContextAsync context;
    private final ClientFleet fleet;
    private final boolean persistent;
    private final boolean toAll;
    private final int barrierStep;
    private final PrintStream log;
    private final Semaphore permits = new Semaphore(inFlight);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acceptedInWindow = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    private final Histogram acceptMicros = new Histogram(LoopStats.MAX_MICROS, 3);
    private final ClientProxyAsync[] users;
    private final String padding;
    // the sending thread's: failures among the sends since the last barrier
    private AtomicLong batchFailures = new AtomicLong();
    private volatile long windowStart;
    private volatile long windowEnd;

    Sender(ServiceHubContextAsync context, ClientFleet fleet, boolean persistent, boolean toAll, int barrierStep,
        PrintStream log) {
      this.barrierStep = barrierStep;
      this.context = context;
      this.fleet = fleet;
      this.persistent = persistent;
      this.toAll = toAll;
      this.log = log;
      this.users = new ClientProxyAsync[clients];
      for (int i = 0; i < clients; i++) {
        users[i] = context.clients().user(ClientFleet.userOf(i));
      }
      this.padding = "x".repeat(payloadBytes);
    }

    void run(LoadResult result) throws InterruptedException {
      long start = System.nanoTime();
      windowStart = start + (long) (warmup * 1e9);
      windowEnd = windowStart + (long) (duration * 1e9);
      fleet.windowStart = windowStart;
      fleet.windowEnd = windowEnd;
      ClientProxyAsync all = context.clients().all();
      long cpuBefore = processCpuNanos();
      long cpuInWindow = -1;
      long threadsInWindow = -1;
      ProcessSample serverInWindow = ProcessSample.NONE;
      long sent = 0;
      long sentInWindow = 0;
      long unbarriered = 0;
      long barrierStarted = 0;
      long now;
      while ((now = System.nanoTime()) < windowEnd) {
        if (cpuInWindow < 0 && now >= windowStart) {
          cpuInWindow = processCpuNanos();
          threadsInWindow = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
          serverInWindow = serverPid > 0 ? ProcessSample.of(serverPid) : ProcessSample.NONE;
        }
        permits.acquire();
        long ts = System.nanoTime();
        CompletableFuture<Void> f = (toAll ? all : users[(int) (sent % clients)]).send("m", ts, padding);
        sent++;
        if (ts >= windowStart) {
          sentInWindow++;
        }
        if (!persistent) {
          f.whenComplete((v, e) -> done(e, 1, ts));
        } else {
          // queued is not accepted: a failure now is an error, success waits for the next barrier's Ack
          AtomicLong failed = batchFailures;
          f.whenComplete((v, e) -> {
            if (e != null) {
              failed.incrementAndGet();
              error(e, 1);
            }
          });
          if (unbarriered == 0) {
            barrierStarted = ts;
          }
          if (++unbarriered == barrierStep) {
            barrier(unbarriered, barrierStarted);
            unbarriered = 0;
          }
        }
      }
      if (unbarriered > 0) {
        barrier(unbarriered, barrierStarted);
      }
      long cpuAfter = processCpuNanos();
      long threadsAfter = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
      ProcessSample serverAfter = serverPid > 0 ? ProcessSample.of(serverPid) : ProcessSample.NONE;
      if (!permits.tryAcquire(inFlight, (long) (drain * 1000), TimeUnit.MILLISECONDS)) {
        log.println("sends still unfinished after the drain time");
      }
      long expected = (accepted.get()) * (toAll ? clients : 1);
      long drainEnd = System.nanoTime() + (long) (drain * 1e9);
      LoopStats stats = fleet.collect();
      while (stats.delivered < expected && System.nanoTime() < drainEnd) {
        TimeUnit.MILLISECONDS.sleep(100);
        stats = fleet.collect();
      }
      double window = duration;
      result.put("sends", sent).put("sends_in_window", sentInWindow).put("accepted", accepted.get())
          .put("accepted_in_window", acceptedInWindow.get())
          .put("sends_per_s", round(acceptedInWindow.get() / window))
          .put("deliveries_per_s", round(stats.deliveredInWindow / window))
          .put("expected_deliveries", expected).put("delivered", stats.delivered)
          .put("lost", Math.max(0, expected - stats.delivered)).put("errors", errors.get())
          .put("clients_lost", fleet.lostAfterOpen())
          .put("error_samples", errorSamples)
          .put("unparsed", stats.unparsed)
          .put("latency_count", stats.latencyMicros.getTotalCount())
          .put("latency_p50_ms", ms(stats.latencyMicros, 50)).put("latency_p90_ms", ms(stats.latencyMicros, 90))
          .put("latency_p99_ms", ms(stats.latencyMicros, 99)).put("latency_max_ms", ms(stats.latencyMicros, 100))
          .put("accept_p50_ms", ms(acceptMicros, 50)).put("accept_p99_ms", ms(acceptMicros, 99))
          .put("frames", stats.frames)
          .put("sdk_jvm_cpu_util", cpuInWindow < 0 ? Double.NaN : round2((cpuAfter - cpuInWindow) / (window * 1e9)))
          .put("sdk_jvm_cpu_us_per_send", acceptedInWindow.get() == 0 || cpuInWindow < 0 ? Double.NaN
              : round2((cpuAfter - cpuInWindow) / 1e3 / acceptedInWindow.get()))
          .put("sdk_jvm_cpu_s_total", round2((cpuAfter - cpuBefore) / 1e9))
          .put("sdk_jvm_threads_started_in_window", threadsInWindow < 0 ? -1 : threadsAfter - threadsInWindow);
      if (serverPid > 0 && serverInWindow != ProcessSample.NONE) {
        double serverCpu = serverAfter.cpuSecondsSince(serverInWindow);
        result.put("service_cpu_util", round2(serverCpu / window))
            .put("service_cpu_us_per_send", acceptedInWindow.get() == 0 ? Double.NaN
                : round2(serverCpu * 1e6 / acceptedInWindow.get()));
      }
      result
          .put("load_average", loadAverage());
    }

    /** Asks for an Ack behind the last {@code sends} sends; on it they count as accepted (less those that failed). */
    private void barrier(long sends, long firstSent) {
      AtomicLong failed = batchFailures;
      batchFailures = new AtomicLong();
      context.clientManager().userExists(ClientFleet.userOf(0)).whenComplete((v, e) -> {
        if (e != null) {
          error(e, sends - failed.get());
          permits.release((int) sends);
        } else {
          done(null, sends - failed.get(), firstSent);
          permits.release((int) failed.get());
        }
      });
    }

    private void error(Throwable failure, long n) {
      errors.addAndGet(n);
      if (errorSamples.size() < 8) {
        errorSamples.add(String.valueOf(failure));
      }
    }

    /** {@code n} sends finished: accepted, or failed with {@code failure}. */
    private void done(@org.jspecify.annotations.Nullable Throwable failure, long n, long sentNanos) {
      long now = System.nanoTime();
      if (failure != null) {
        error(failure, n);
      } else {
        accepted.addAndGet(n);
        if (now >= windowStart && now < windowEnd) {
          acceptedInWindow.addAndGet(n);
        }
        if (sentNanos >= windowStart && sentNanos < windowEnd) {
          synchronized (acceptMicros) {
            acceptMicros.recordValue(Math.min(LoopStats.MAX_MICROS, (now - sentNanos) / 1000));
          }
        }
      }
      permits.release((int) n);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  @Override
  public Integer call() throws Exception {
    LoadResult result = run(System.err);
    PrintStream out = System.out;
    out.print(result.summary());
    if (result.getLong("lost") > 0 || result.getLong("errors") > 0) {
      out.println("WARNING: " + result.getLong("lost") + " lost, " + result.getLong("errors") + " errors "
          + result.get("error_samples"));
    }
    out.println(result.toJson());
    out.flush();
    return 0;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new SdkThroughput()).registerConverter(URI.class, URI::create).execute(args);
    System.exit(code);
  }
}
