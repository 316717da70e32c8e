package dev.hubbub.bench.load;

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
      ProcessSample serverBefore = ProcessSample.of(config.serverPid());
      long rampStart = System.nanoTime();
      long rampBudget = TimeUnit.SECONDS.toNanos(60) + 3L * config.connections() * 1_000_000_000L / config.connectRate();
      log.printf("opening %d connections at %d/s (%s)%n", config.connections(), config.connectRate(), config.protocol());
      boolean allAnswered = fleet.open(rampStart + rampBudget);
      double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
      log.printf("%d of %d connections open after %.1f s (%d failed)%n", fleet.handshaken(), config.connections(),
          rampSeconds, fleet.failedBeforeOpen());
      result.put("open_connections", fleet.open()).put("connect_failures", fleet.failedBeforeOpen())
          .put("connect_seconds", rampSeconds).put("all_answered", allAnswered);
      ProcessSample serverConnected = ProcessSample.of(config.serverPid());

      if (config.scenario() == Scenario.IDLE) {
        idle(fleet, serverBefore, result);
      } else {
        send(fleet, group, serverBefore, serverConnected, result);
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

  private void send(ClientFleet fleet, EventLoopGroup group, ProcessSample serverBefore,
      ProcessSample serverConnected, LoadResult result) throws InterruptedException {
    List<Integer> openClients = new ArrayList<>();
    // a client counts once its handshake is done; with negotiate it also has an id
    for (int i = 0; i < fleet.launched(); i++) {
      if (!config.scenario().needsConnectionIds() || fleet.connectionId(i) != null) {
        openClients.add(i);
      }
    }
    RestRequests requests = new RestRequests(config);
    try (RestClient rest = new RestClient(config, group.next())) {
      rest.connect();
      IntFunction<String> path;
      IntFunction<Integer> recipients;
      int open = fleet.open();
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
      long start = System.nanoTime() + 100_000_000L;
      long windowStart = start + config.warmup().toNanos();
      long windowEnd = windowStart + config.duration().toNanos();
      fleet.windowStart = windowStart;
      fleet.windowEnd = windowEnd;
      SendSchedule schedule = new SendSchedule(rest, requests, config.rate(), start, windowStart, windowEnd, path,
          recipients);
      log.printf("sending %d/s for %d s warm-up + %d s measured%n", config.rate(), config.warmup().toSeconds(),
          config.duration().toSeconds());
      CompletableFuture<Void> done = schedule.run();
      sleepUntil(windowStart);
      ProcessSample server0 = ProcessSample.of(config.serverPid());
      ProcessSample self0 = ProcessSample.self();
      sleepUntil(windowEnd);
      ProcessSample server1 = ProcessSample.of(config.serverPid());
      ProcessSample self1 = ProcessSample.self();
      try {
        done.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.println("REST replies still missing 30 s after the schedule ended");
      }
      SendSchedule s = onLoop(rest, () -> schedule);
      // drain: wait for what is still in flight, at most config.drain
      long drainEnd = System.nanoTime() + config.drain().toNanos();
      LoopStats stats = fleet.collect();
      while (stats.delivered < s.expectedDeliveries && System.nanoTime() < drainEnd) {
        Thread.sleep(100);
        stats = fleet.collect();
      }
      double seconds = config.duration().toNanos() / 1e9;
      Histogram restMicros = onLoop(rest, () -> rest.responseMicros.copy());
      long restFailures = onLoop(rest, () -> rest.failures);
      String restFailure = onLoop(rest, () -> rest.lastFailure);

      result.put("rate_target", config.rate())
          .put("rest_sends_per_s", s.writtenInWindow / seconds)
          .put("rest_accepted_per_s", s.acceptedInWindow / seconds)
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
          .put("rest_response_p50_ms", ms(restMicros, 50))
          .put("rest_response_p99_ms", ms(restMicros, 99))
          .put("messages_per_frame", stats.frames == 0 ? 0.0 : stats.delivered / (double) stats.frames)
          .put("unparsed", stats.unparsed)
          .put("lost_during_run", fleet.lostAfterOpen())
          .put("payload_bytes", config.payloadBytes())
          .put("duration_s", seconds)
          .put("warmup_s", config.warmup().toNanos() / 1e9);
      if (config.scenario() == Scenario.GROUP) {
        result.put("group_size", config.groupSize());
      }
      double serverCpu = server1.cpuSecondsSince(server0);
      double selfCpu = self1.cpuSecondsSince(self0);
      result.put("server_rss_before_kb", serverBefore.rssKb())
          .put("server_rss_connected_kb", serverConnected.rssKb())
          .put("server_rss_after_kb", server1.rssKb())
          .put("server_rss_per_connection_kb", serverBefore.known() && open > 0
              ? (server1.rssKb() - serverBefore.rssKb()) / (double) open : Double.NaN)
          .put("server_cpu_s", serverCpu)
          .put("server_cpu_system_s", server1.systemSecondsSince(server0))
          .put("server_cpu_util", serverCpu < 0 ? Double.NaN : serverCpu / seconds)
          .put("server_cpu_s_per_million", serverCpu < 0 || stats.deliveredInWindow == 0 ? Double.NaN
              : serverCpu / (stats.deliveredInWindow / 1e6))
          .put("server_threads_cpu_s", server1.known() ? server1.threadSecondsSince(server0) : Map.of())
          .put("generator_cpu_s", selfCpu)
          .put("generator_cpu_system_s", self1.systemSecondsSince(self0))
          .put("generator_cpu_s_per_million", selfCpu < 0 || stats.deliveredInWindow == 0 ? Double.NaN
              : selfCpu / (stats.deliveredInWindow / 1e6))
          .put("generator_cpu_util", selfCpu < 0 ? Double.NaN : selfCpu / seconds);
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

  private static <T> T onLoop(RestClient rest, java.util.concurrent.Callable<T> read) throws InterruptedException {
    try {
      return rest.loop().submit(read).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not read the REST client's state: " + e, e);
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
