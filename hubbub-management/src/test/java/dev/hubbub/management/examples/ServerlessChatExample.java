package dev.hubbub.management.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hubbub.management.NegotiationOptions;
import dev.hubbub.management.NegotiationResponse;
import dev.hubbub.management.ServiceHubContext;
import dev.hubbub.management.ServiceManager;
import dev.hubbub.management.ServiceManagerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A serverless chat back end in plain Java: a negotiate endpoint for SignalR clients, a broadcast and a
 * room (group) send, on the JDK HTTP server. The guide {@code docs/management.md} quotes this file; the test
 * {@code ServerlessChatExampleTest} runs it against a real Hubbub service.
 */
public final class ServerlessChatExample implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  // tag::main[]
  /** Runs the app on port 8080 against the service named "signalr" by the Aspire app host. */
  public static void main(String[] args) throws IOException {
    ServiceManager serviceManager = new ServiceManagerBuilder()
        .fromConfiguration("signalr") // ConnectionStrings__signalr, set by the app host
        .build();
    ServerlessChatExample app = start(serviceManager, 8080);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
  }
  // end::main[]

  private ServerlessChatExample(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts the endpoints on {@code port} (0 picks a free one). */
  public static ServerlessChatExample start(ServiceManager serviceManager, int port) throws IOException {
    // tag::endpoints[]
    ServiceHubContext chat = serviceManager.createHubContext("chat");
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);

    // The SignalR client is built with withUrl("http://<app>/api"): it POSTs /api/negotiate and follows
    // the answer {"url":"<service>/client/?hub=chat","accessToken":"..."} to the service.
    server.createContext("/api/negotiate", exchange -> {
      String userId = exchange.getRequestHeaders().getFirst("x-user-id"); // your authentication here
      NegotiationResponse negotiation = chat.negotiate(NegotiationOptions.builder()
          .userId(userId)
          .build());
      respond(exchange, 200, negotiation.toJson());
    });

    // POST /api/broadcast with a text body: every client's "newMessage" handler gets it.
    server.createContext("/api/broadcast", exchange -> {
      String text = body(exchange);
      chat.clients().all().send("newMessage", text);
      respond(exchange, 202, "");
    });

    // POST /api/rooms/{room}/join?connectionId=... and POST /api/rooms/{room}/messages with a text body.
    server.createContext("/api/rooms/", exchange -> {
      String[] path = exchange.getRequestURI().getPath().split("/"); // "", "api", "rooms", room, action
      String room = path[3];
      if (path[4].equals("join")) {
        String connectionId = exchange.getRequestURI().getQuery().substring("connectionId=".length());
        chat.groups().addToGroup(connectionId, room);
      } else {
        chat.clients().group(room).send("roomMessage", room, body(exchange));
      }
      respond(exchange, 202, "");
    });
    // end::endpoints[]

    // management calls block until the service answered: serve requests on a pool, not the one dispatcher
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.start();
    return new ServerlessChatExample(server, executor);
  }

  /** The port the endpoints listen on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the endpoints. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
