package dev.hubbub.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/** One bounded run of the load generator against a running service. */
public final class LoadRun {
  private final LoadConfig config;
  private final PrintStream log;

  public LoadRun(LoadConfig config, PrintStream log) {
    this.config = config;
    this.log = log;
  }

  /** Runs the scenario to the end (every phase has a deadline) and returns its figures. */
  public LoadResult run() throws InterruptedException {
    int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    LoadResult result = new LoadResult();
    try (ClientFleet fleet = new ClientFleet(config, group)) {
      result.put("scenario", config.scenario().id()).put("protocol", config.protocol())
          .put("connections", config.connections());
      if (config.scenario().invokesHub()) {
        result.put("target", config.target().id());
      }
      Servers serversBefore = Servers.of(config);
      ProcessSample serverBefore = serversBefore.server();
      long rampStart = System.nanoTime();
      long rampBudget = TimeUnit.SECONDS.toNanos(60) + 3L * config.connections() * 1_000_000_000L / config.connectRate();
      log.printf("opening %d connections at %d/s (%s)%n", config.connections(), config.connectRate(), config.protocol());
      boolean allAnswered = fleet.open(rampStart + rampBudget);
      double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
      log.printf("%d of %d connections open after %.1f s (%d failed)%n", fleet.handshaken(), config.connections(),
          rampSeconds, fleet.failedBeforeOpen());
      result.put("open_connections", fleet.open()).put("connect_failures", fleet.failedBeforeOpen())
          .put("connect_seconds", rampSeconds).put("all_answered", allAnswered);
      Servers serversConnected = Servers.of(config);

      if (config.scenario() == Scenario.IDLE) {
        idle(fleet, serverBefore, result);
      } else {
        send(fleet, group, serversBefore, serversConnected, result);
      }
      LoopStats stats = fleet.collect();
      result.put("connect_p50_ms", ms(stats.connectMicros, 50)).put("connect_p99_ms", ms(stats.connectMicros, 99));
      result.put("errors", fleet.errors() + Math.max(0, result.getLong("rest_errors_counted")));
      result.put("error_samples", fleet.errorSamples());
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
    result.put("loadavg", loadAverage());
    return result;
  }

  private void idle(ClientFleet fleet, ProcessSample before, LoadResult result) throws InterruptedException {
    ProcessSample last = ProcessSample.of(config.serverPid());
    long holdUntil = System.nanoTime() + config.idleHold().toNanos();
    long deadline = System.nanoTime() + config.idleSettle().toNanos();
    int stable = 0;
    // settled: three one-second samples in a row within 1 % of each other
    while (last.known() && stable < 3 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      ProcessSample now = ProcessSample.of(config.serverPid());
      stable = Math.abs(now.rssKb() - last.rssKb()) <= last.rssKb() / 100 ? stable + 1 : 0;
      last = now;
    }
    while (System.nanoTime() < holdUntil) {
      Thread.sleep(Math.max(1, Math.min(1000, (holdUntil - System.nanoTime()) / 1_000_000)));
    }
    ProcessSample end = ProcessSample.of(config.serverPid());
    int open = fleet.open();
    result.put("server_rss_end_of_hold_kb", end.rssKb());
    result.put("server_rss_before_kb", before.rssKb()).put("server_rss_settled_kb", last.rssKb())
        .put("rss_settled", stable >= 3)
        .put("server_rss_per_connection_kb", before.known() && open > 0
            ? (last.rssKb() - before.rssKb()) / (double) open : Double.NaN)
        .put("lost_during_run", fleet.lostAfterOpen());
    log.printf("idle: server RSS %d KB -> %d KB for %d connections%n", before.rssKb(), last.rssKb(), open);
  }

  private void send(ClientFleet fleet, EventLoopGroup group, Servers before, Servers connected, LoadResult result)
      throws InterruptedException {
    List<Integer> openClients = new ArrayList<>();
    // a client counts once its handshake is done; with negotiate it also has an id
    for (int i = 0; i < fleet.launched(); i++) {
      if (fleet.isOpen(i) && (!config.scenario().needsConnectionIds() || fleet.connectionId(i) != null)) {
        openClients.add(i);
      }
    }
    int open = fleet.open();
    if (config.scenario().invokesHub()) {
      boolean echo = config.scenario() == Scenario.ECHO;
      int senders = echo ? openClients.size() : Math.min(config.senders(), openClients.size());
      List<Channel> channels = openClients.subList(0, senders).stream().map(fleet::channel).toList();
      InvocationFrameEncoder encoder = new InvocationFrameEncoder(config.protocol(), echo ? "echo" : "broadcast", echo,
          config.payloadBytes());
      // echo: the completion is the one delivery; broadcast: m reaches every client, the senders included
      // an invocation on a client that was lost counts in sends_failed
      measure(fleet, new InvocationSender(group.next(), channels, encoder), i -> echo ? 1 : open, before, connected,
          "invocation", result);
      result.put("senders", senders);
      return;
    }
    RestRequests requests = new RestRequests(config);
    try (RestClient rest = new RestClient(config, group.next())) {
      rest.connect();
      IntFunction<String> path;
      IntFunction<Integer> recipients;
      switch (config.scenario()) {
        case BROADCAST -> {
          String p = requests.broadcastPath();
          path = i -> p;
          recipients = i -> open;
        }
        case USER -> {
          String[] paths = openClients.stream().map(i -> requests.userPath(ClientFleet.userOf(i))).toArray(String[]::new);
          path = i -> paths[i % paths.length];
          recipients = i -> 1;
        }
        case CONNECTION -> {
          String[] paths = openClients.stream().map(i -> requests.connectionPath(fleet.connectionId(i)))
              .toArray(String[]::new);
          path = i -> paths[i % paths.length];
          recipients = i -> 1;
        }
        case GROUP -> {
          int groups = openClients.size() / config.groupSize();
          joinGroups(rest, requests, fleet, openClients, groups, result);
          String[] paths = new String[groups];
          for (int g = 0; g < groups; g++) {
            paths[g] = requests.groupPath("g" + g);
          }
          path = i -> paths[i % paths.length];
          int size = config.groupSize();
          recipients = i -> size;
          result.put("groups", groups);
        }
        default -> throw new IllegalStateException(config.scenario().name());
      }
      SendSchedule s = measure(fleet, SendSchedule.rest(rest, requests, path), recipients, before, connected, "rest",
          result);
      Histogram restMicros = onLoop(rest.loop(), () -> rest.responseMicros.copy());
      long restFailures = onLoop(rest.loop(), () -> rest.failures);
      String restFailure = onLoop(rest.loop(), () -> rest.lastFailure);
      result.put("rest_response_p50_ms", ms(restMicros, 50))
          .put("rest_response_p99_ms", ms(restMicros, 99));
      if (config.scenario() == Scenario.GROUP) {
        result.put("group_size", config.groupSize());
      }
      long restErrors = s.rejected + s.failed + restFailures;
      result.put("rest_errors_counted", restErrors);
      if (restFailure != null) {
        result.put("rest_last_failure", restFailure);
      }
      if (s.rejected > 0) {
        result.put("rest_last_bad_status", s.lastBadStatus);
      }
    }
  }

  /**
   * Runs the paced schedule through warm-up and window, waits for the deliveries still in flight (at most the
   * drain time) and records the delivery, sender and process figures; {@code kind} names the sends
   * ({@code rest_sends_per_s}, {@code invocation_sends_per_s}).
   */
  private SendSchedule measure(ClientFleet fleet, SendSchedule.Sender sender, IntFunction<Integer> recipients,
      Servers before, Servers connected, String kind, LoadResult result) throws InterruptedException {
    long start = System.nanoTime() + 100_000_000L;
    long windowStart = start + config.warmup().toNanos();
    long windowEnd = windowStart + config.duration().toNanos();
    fleet.windowStart = windowStart;
    fleet.windowEnd = windowEnd;
    SendSchedule schedule = new SendSchedule(sender, config.rate(), start, windowStart, windowEnd, recipients);
    log.printf("sending %d/s for %d s warm-up + %d s measured%n", config.rate(), config.warmup().toSeconds(),
        config.duration().toSeconds());
    CompletableFuture<Void> done = schedule.run();
    sleepUntil(windowStart);
    Servers window0 = Servers.of(config);
    ProcessSample self0 = ProcessSample.self();
    sleepUntil(windowEnd);
    Servers window1 = Servers.of(config);
    ProcessSample self1 = ProcessSample.self();
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.println("replies still missing 30 s after the schedule ended");
    }
    SendSchedule s = onLoop(sender.loop(), () -> schedule);
    // drain: wait for what is still in flight, at most config.drain
    long drainEnd = System.nanoTime() + config.drain().toNanos();
    LoopStats stats = fleet.collect();
    while (stats.delivered < s.expectedDeliveries && System.nanoTime() < drainEnd) {
      Thread.sleep(100);
      stats = fleet.collect();
    }
    double seconds = config.duration().toNanos() / 1e9;
    result.put("rate_target", config.rate())
        .put(kind + "_sends_per_s", s.writtenInWindow / seconds)
        .put(kind + "_accepted_per_s", s.acceptedInWindow / seconds)
        .put("sender_kept_up", s.missed == 0 && s.lateSends <= s.issued / 100)
        .put("sends_missed", s.missed)
        .put("sends_late_10ms", s.lateSends)
        .put("sender_max_lag_ms", s.maxLagNanos / 1e6)
        .put("sends_accepted", s.accepted)
        .put("sends_rejected", s.rejected)
        .put("sends_failed", s.failed)
        .put("delivered_per_s", stats.deliveredInWindow / seconds)
        .put("delivered_in_window", stats.deliveredInWindow)
        .put("expected_deliveries", s.expectedDeliveries)
        .put("delivered_total", stats.delivered)
        .put("undelivered", Math.max(0, s.expectedDeliveries - stats.delivered))
        .put("latency_count", stats.latencyMicros.getTotalCount())
        .put("latency_p50_ms", ms(stats.latencyMicros, 50))
        .put("latency_p90_ms", ms(stats.latencyMicros, 90))
        .put("latency_p99_ms", ms(stats.latencyMicros, 99))
        .put("latency_p999_ms", ms(stats.latencyMicros, 99.9))
        .put("latency_max_ms", stats.latencyMicros.getMaxValue() / 1000.0)
        .put("messages_per_frame", stats.frames == 0 ? 0.0 : stats.delivered / (double) stats.frames)
        .put("unparsed", stats.unparsed)
        .put("lost_during_run", fleet.lostAfterOpen())
        .put("payload_bytes", config.payloadBytes())
        .put("duration_s", seconds)
        .put("warmup_s", config.warmup().toNanos() / 1e9);
    int open = fleet.open();
    putProcess(result, "server_", before.server(), connected.server(), window0.server(), window1.server(), open,
        stats.deliveredInWindow, seconds);
    if (config.hubServerPid() > 0) {
      putProcess(result, "hub_server_", before.hubServer(), connected.hubServer(), window0.hubServer(),
          window1.hubServer(), open, stats.deliveredInWindow, seconds);
    }
    double selfCpu = self1.cpuSecondsSince(self0);
    result.put("generator_cpu_s", selfCpu)
        .put("generator_cpu_system_s", self1.systemSecondsSince(self0))
        .put("generator_cpu_s_per_million", selfCpu < 0 || stats.deliveredInWindow == 0 ? Double.NaN
            : selfCpu / (stats.deliveredInWindow / 1e6))
        .put("generator_cpu_util", selfCpu < 0 ? Double.NaN : selfCpu / seconds);
    return s;
  }

  /** Memory and CPU of one server process: before the clients, once connected, and over the window. */
  private static void putProcess(LoadResult result, String prefix, ProcessSample before, ProcessSample connected,
      ProcessSample window0, ProcessSample window1, int open, long deliveredInWindow, double seconds) {
    double cpu = window1.cpuSecondsSince(window0);
    result.put(prefix + "rss_before_kb", before.rssKb())
        .put(prefix + "rss_connected_kb", connected.rssKb())
        .put(prefix + "rss_after_kb", window1.rssKb())
        .put(prefix + "rss_per_connection_kb", before.known() && open > 0
            ? (window1.rssKb() - before.rssKb()) / (double) open : Double.NaN)
        .put(prefix + "cpu_s", cpu)
        .put(prefix + "cpu_system_s", window1.systemSecondsSince(window0))
        .put(prefix + "cpu_util", cpu < 0 ? Double.NaN : cpu / seconds)
        .put(prefix + "cpu_s_per_million", cpu < 0 || deliveredInWindow == 0 ? Double.NaN
            : cpu / (deliveredInWindow / 1e6))
        .put(prefix + "threads_cpu_s", window1.known() ? window1.threadSecondsSince(window0) : Map.of());
  }

  /** Samples of the server the clients connect to and, behind a service, of the hub server. */
  private record Servers(ProcessSample server, ProcessSample hubServer) {
    static Servers of(LoadConfig config) {
      return new Servers(ProcessSample.of(config.serverPid()), ProcessSample.of(config.hubServerPid()));
    }
  }

  private void joinGroups(RestClient rest, RestRequests requests, ClientFleet fleet, List<Integer> clients,
      int groups, LoadResult result) throws InterruptedException {
    int members = groups * config.groupSize();
    log.printf("joining %d connections to %d groups of %d through REST%n", members, groups, config.groupSize());
    long t0 = System.nanoTime();
    CompletableFuture<int[]> done = new CompletableFuture<>();
    rest.loop().execute(() -> {
      int[] state = new int[3]; // next, replied, failed
      Runnable pump = new Runnable() {
        @Override
        public void run() {
          while (state[0] < members) {
            int k = state[0];
            String id = fleet.connectionId(clients.get(k));
            if (!rest.trySend(requests.empty(HttpMethod.PUT, requests.joinPath("g" + (k / config.groupSize()), id)),
                status -> {
                  state[1]++;
                  if (status < 200 || status >= 300) {
                    state[2]++;
                  }
                  if (state[1] == members) {
                    done.complete(state);
                  }
                })) {
              return;
            }
            state[0]++;
          }
        }
      };
      rest.onFree(pump);
      pump.run();
    });
    try {
      int[] state = done.get(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      log.printf("joined in %.1f s (%d failed)%n", seconds, state[2]);
      result.put("group_join_seconds", seconds).put("group_join_failures", state[2]);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Joining groups did not finish within 120 s: " + e);
    }
  }

  private static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> read) throws InterruptedException {
    try {
      return loop.submit(read).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not read the sender's state: " + e, e);
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

}
