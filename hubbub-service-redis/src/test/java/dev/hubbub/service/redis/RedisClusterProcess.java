package dev.hubbub.service.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Redis Cluster of three masters (no replicas) for tests: three {@code redis-server --cluster-enabled yes}
 * child processes on loopback and free ports, joined with {@code redis-cli --cluster create}, without persistence,
 * in a temporary directory that {@link #close()} deletes. {@link #start()} returns when every node says
 * {@code cluster_state:ok}. Needs {@code redis-server} and {@code redis-cli} 7 or later on the PATH (sharded pub/sub).
 */
final class RedisClusterProcess implements AutoCloseable {
  private final Path dir;
  private final List<Integer> ports;
  // port -> its redis-server, while running
  private final Map<Integer, Process> servers = new ConcurrentHashMap<>();

  private RedisClusterProcess(Path dir, List<Integer> ports) {
    this.dir = dir;
    this.ports = ports;
  }

  /** Starts three masters and creates the cluster; fails with the nodes' logs when it does not come up. */
  static RedisClusterProcess start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hubbub-redis-cluster");
    RedisClusterProcess cluster = new RedisClusterProcess(dir, freePorts(3));
    try {
      cluster.startServers();
      cluster.create();
      cluster.awaitOk();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static List<Integer> freePorts(int count) throws IOException {
    // Held open together so the three differ. The cluster bus takes port + 10000, which the kernel gives out
    // only above the ephemeral range's start in rare cases; redis-server then fails and the log says so.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      while (ports.size() < count) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        if (s.getLocalPort() + 10000 <= 65535) {
          ports.add(s.getLocalPort());
        }
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private void startServers() throws IOException {
    for (int port : ports) {
      startServer(port);
    }
    for (int port : ports) {
      awaitPing(port);
    }
  }

  private void startServer(int port) throws IOException {
    List<String> command = List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
        "--cluster-node-timeout", "5000", "--save", "", "--appendonly", "no", "--protected-mode", "no",
        "--dir", dir.toString(), "--logfile", logFile(port).toString());
    try {
      servers.put(port, new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout-" + port + ".txt").toFile()))
          .start());
    } catch (IOException e) {
      throw new IOException("Cannot run redis-server: install Redis 7 or later (Debian: apt-get install -y "
          + "redis-server)", e);
    }
  }

  private void awaitPing(int port) {
    await("redis-server on port " + port + " to answer PING").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).until(() -> cli(port, "PING").contains("PONG"));
  }

  /** SIGKILLs the master on {@code port} (a crash) and waits until it is gone. */
  void kill(int port) throws InterruptedException {
    Process p = servers.remove(port);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts the master on {@code port} again from its cluster config file (same node id and slots), and returns
   * when every node says {@code cluster_state:ok}.
   */
  void restart(int port) throws IOException {
    startServer(port);
    awaitPing(port);
    awaitOk();
  }

  private void create() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    ports.forEach(p -> command.add("127.0.0.1:" + p));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("redis-cli --cluster create on ports " + ports + " failed:\n" + out + "\n"
          + logs());
    }
  }

  private void awaitOk() {
    for (int port : ports) {
      try {
        await("cluster_state:ok on port " + port).atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
      } catch (ConditionTimeoutException e) {
        throw new IllegalStateException("The Redis Cluster on ports " + ports + " did not reach cluster_state:ok "
            + "within 30 s on port " + port + "; the nodes' logs:\n" + logs(), e);
      }
    }
  }

  /** One redis-cli command on a node; its output (empty when it could not run). */
  static String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  /** The masters' ports. */
  List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** {@code redis://127.0.0.1:port} of one node (any node serves as the seed of a cluster client). */
  String uri(int node) {
    return "redis://127.0.0.1:" + ports.get(node);
  }

  /** The port of the master that owns the slot of {@code key} (a key or a shard channel). */
  int ownerOf(String key) throws IOException, InterruptedException {
    long slot = SlotHash.getSlot(key);
    for (int port : ports) {
      for (String line : cli(port, "CLUSTER", "NODES").split("\n")) {
        if (line.contains("myself")) {
          String[] fields = line.trim().split(" ");
          for (int i = 8; i < fields.length; i++) {
            String[] range = fields[i].split("-");
            long from = Long.parseLong(range[0]);
            long to = range.length > 1 ? Long.parseLong(range[1]) : from;
            if (slot >= from && slot <= to) {
              return port;
            }
          }
        }
      }
    }
    throw new IllegalStateException("No master owns slot " + slot + " of " + key);
  }

  private Path logFile(int port) {
    return dir.resolve("redis-" + port + ".log");
  }

  /** The nodes' logs, for a failure message. */
  String logs() {
    StringBuilder b = new StringBuilder();
    for (int port : ports) {
      for (Path f : List.of(logFile(port), dir.resolve("stdout-" + port + ".txt"))) {
        try {
          if (Files.exists(f)) {
            b.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
          }
        } catch (IOException e) {
          b.append("--- ").append(f.getFileName()).append(": ").append(e.getMessage()).append('\n');
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Process p : servers.values()) {
      p.destroyForcibly();
    }
    for (Process p : servers.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
