package dev.hubbub.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} child process for tests, on loopback, without persistence, on a free port that it
 * keeps across {@link #kill()} and {@link #start()} (a Redis restart). Killed with SIGKILL, as a crash. Needs
 * {@code redis-server} on the PATH (Debian: {@code apt-get install -y redis-server}).
 */
public final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final @Nullable String password;
  private final List<String> output = new ArrayList<>();
  private @Nullable Process process;

  private RedisServerProcess(int port, @Nullable String password) {
    this.port = port;
    this.password = password;
  }

  /** Starts a Redis on a free port. */
  public static RedisServerProcess start(@Nullable String password) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisServerProcess redis = new RedisServerProcess(port, password);
    redis.start();
    return redis;
  }

  /** Starts (again) on the same port; returns when Redis accepts connections. */
  public synchronized void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("Cannot run redis-server: install it (Debian: apt-get install -y redis-server, or run "
          + ".ci/install)", e);
    }
    process = p;
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains("Ready to accept connections")) {
            ready.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "redis-server-" + port);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("redis-server on port " + port + " did not get ready in 20 s: " + log());
    }
  }

  /** SIGKILL, and waits until it is gone. */
  public synchronized void kill() throws InterruptedException {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://[:password@]127.0.0.1:port}. */
  public String uri() {
    return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
  }

  /** What it printed so far. */
  public String log() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
