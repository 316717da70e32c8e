package dev.hubbub.management;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable HTTP peer on a loopback port (the JDK {@link HttpServer}), in the spirit of OkHttp's
 * MockWebServer: {@link #enqueue} answers in order, {@link #takeRequest()} returns what the SDK sent. With no
 * answer queued it replies 200. A {@link #hang()} answer holds the request until the peer closes.
 */
final class ScriptedPeer implements AutoCloseable {
  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String body, boolean hang) {}

  /** One request as received. */
  record Recorded(String method, URI uri, Map<String, java.util.List<String>> headers, String body) {
    @Nullable String header(String name) {
      for (Map.Entry<String, java.util.List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  ScriptedPeer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      byte[] in = exchange.getRequestBody().readAllBytes();
      requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(),
          Map.copyOf(exchange.getRequestHeaders()), new String(in, StandardCharsets.UTF_8)));
      Answer answer = answers.poll();
      if (answer == null) {
        answer = new Answer(200, Map.of(), "", false);
      }
      if (answer.hang()) {
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
        return;
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(answer.status(), head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  /** A connection string for this peer, with the emulator's access key. */
  String connectionString() {
    return "Endpoint=http://localhost:" + server.getAddress().getPort()
        + ";AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;";
  }

  ScriptedPeer enqueue(int status) {
    return enqueue(status, null, "");
  }

  ScriptedPeer enqueue(int status, @Nullable String errorCode, String body) {
    answers.add(new Answer(status, errorCode == null ? Map.of() : Map.of("x-ms-error-code", errorCode), body, false));
    return this;
  }

  ScriptedPeer hang() {
    answers.add(new Answer(0, Map.of(), "", true));
    return this;
  }

  Recorded takeRequest() throws InterruptedException {
    Recorded r = requests.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request within 10 s");
    }
    return r;
  }

  int requestCount() {
    return requests.size();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
