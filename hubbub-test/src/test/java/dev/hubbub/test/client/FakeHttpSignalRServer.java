package dev.hubbub.test.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted SignalR server on the JDK's HTTP server, for bad input: negotiate answers what {@link #negotiate} says;
 * {@code /hub} serves long polling (the first poll activates, then each poll answers the next queued body) and
 * Server-Sent Events (each queued body is one event). What the client sends and the headers it sends are recorded.
 */
final class FakeHttpSignalRServer implements AutoCloseable {
  private static final byte[] END = new byte[0];

  /** The negotiate answer for each request: status and body. */
  volatile Function<HttpExchange, Answer> negotiate = ex -> Answer.json(200, connection("LongPolling"));
  /** Bodies for polls and events, in order. */
  final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
  /** POST bodies the client sent. */
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  /** Every request as "METHOD path?query" with its Authorization header. */
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile int pollStatus = 200;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-signalr");
    t.setDaemon(true);
    return t;
  });

  @SuppressWarnings("ArrayRecordComponent") // never compared or hashed
  record Answer(int status, String contentType, byte[] body) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String connection(String... transports) {
    StringBuilder list = new StringBuilder();
    for (String t : transports) {
      list.append(list.length() == 0 ? "" : ",").append("{\"transport\":\"").append(t)
          .append("\",\"transferFormats\":[\"Text\",\"Binary\"]}");
    }
    return "{\"negotiateVersion\":1,\"connectionId\":\"c1\",\"connectionToken\":\"t1\",\"availableTransports\":["
        + list + "]}";
  }

  FakeHttpSignalRServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hub";
  }

  /** Queues one poll body or event. */
  void send(String text) {
    outgoing.add(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) {
    outgoing.add(bytes);
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    requests.add(method + " " + ex.getRequestURI() + " auth=" + ex.getRequestHeaders().getFirst("Authorization"));
    try (ex) {
      if (path.endsWith("/negotiate")) {
        ex.getRequestBody().readAllBytes();
        respond(ex, negotiate.apply(ex));
      } else if (method.equals("POST")) {
        received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        respond(ex, new Answer(200, "text/plain", new byte[0]));
      } else if (method.equals("DELETE")) {
        respond(ex, new Answer(202, "text/plain", new byte[0]));
        outgoing.add(END);
      } else if ("text/event-stream".equals(ex.getRequestHeaders().getFirst("Accept"))) {
        events(ex);
      } else {
        poll(ex);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll(HttpExchange ex) throws IOException, InterruptedException {
    if (!activated(ex)) { // the first poll of a connection answers at once
      respond(ex, new Answer(200, "application/octet-stream", new byte[0]));
      return;
    }
    byte[] body = outgoing.poll(30, TimeUnit.SECONDS);
    if (body == null || body == END) {
      respond(ex, new Answer(204, "text/plain", new byte[0]));
      return;
    }
    respond(ex, new Answer(pollStatus, "application/octet-stream", body));
  }

  private final java.util.Set<String> activatedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private boolean activated(HttpExchange ex) {
    String query = ex.getRequestURI().getQuery();
    String id = query.replaceAll(".*(?:^|&)id=([^&]*).*", "$1");
    return !activatedIds.add(id);
  }

  private void events(HttpExchange ex) throws IOException, InterruptedException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write(":\r\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
    while (true) {
      byte[] body = outgoing.poll(30, TimeUnit.SECONDS);
      if (body == null || body == END) {
        return;
      }
      StringBuilder event = new StringBuilder();
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n", -1)) {
        event.append("data: ").append(line).append("\r\n");
      }
      out.write(event.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static void respond(HttpExchange ex, Answer answer) throws IOException {
    ex.getResponseHeaders().set("Content-Type", answer.contentType());
    ex.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    if (answer.body().length > 0) {
      ex.getResponseBody().write(answer.body());
    }
  }

  /** Headers of the negotiate requests, as recorded. */
  List<String> negotiateRequests() {
    return requests.stream().filter(r -> r.contains("/negotiate")).toList();
  }

  @Override
  public void close() {
    for (int i = 0; i < 16; i++) {
      outgoing.add(END);
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
