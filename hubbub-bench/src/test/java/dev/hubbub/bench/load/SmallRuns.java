package dev.hubbub.bench.load;

import java.net.URI;
import java.time.Duration;

/** Short, small runs of the generator against an in-process server, measuring this test process. */
final class SmallRuns {
  static final int CONNECTIONS = 40;

  private SmallRuns() {}

  /** 40 connections, {@code rate} sends in a 1 s window without warm-up, up to 5 s of drain, 2 event loops. */
  static LoadConfig.Builder small(int port, Scenario scenario, int rate) {
    return LoadConfig.DEFAULTS.toBuilder()
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .scenario(scenario)
        .connections(CONNECTIONS)
        .rate(rate)
        .warmup(Duration.ZERO)
        .duration(Duration.ofSeconds(1))
        .drain(Duration.ofSeconds(5))
        .restConnections(4)
        .ioThreads(2)
        .serverPid(ProcessHandle.current().pid());
  }

  static LoadResult run(LoadConfig config) throws InterruptedException {
    return new LoadRun(config, System.err).run();
  }
}
