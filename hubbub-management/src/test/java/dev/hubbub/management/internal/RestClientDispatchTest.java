package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways of making a JDK call, {@code sendAsync} and blocking calls on the client's own threads, and the Netty
 * path give the same answers.
 */
class RestClientDispatchTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private HttpServer server;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void everyCallIsAnsweredAndOneAudienceKeepsOneToken(int blockingThreads) throws Exception {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    RestClient client = new RestClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), endpoint,
        URI.create("http://127.0.0.1/"), AccessTokenIssuer.builder(KEY).build(), "host_1", Duration.ofSeconds(10),
        RetryPolicy.NONE, OpenTelemetry.noop(), blockingThreads);
    Set<String> threads = twentyCallsAnswered202WithOneToken(client);
    if (blockingThreads > 0) {
      // a call that completed before whenComplete was attached runs it on the test thread
      String test = Thread.currentThread().getName();
      assertThat(threads).allMatch(name -> name.startsWith("hubbub-management-rest-") || name.equals(test))
          .anyMatch(name -> name.startsWith("hubbub-management-rest-"));
    }
  }

  @org.junit.jupiter.api.Test
  void theNettyPathAnswersEveryCallOnItsIoThreadOverFewConnections() throws Exception {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    RestClient client = new RestClient(endpoint, URI.create("http://127.0.0.1/"), AccessTokenIssuer.builder(KEY).build(),
        "host_1", Duration.ofSeconds(10), RetryPolicy.NONE, OpenTelemetry.noop(), 4, 100);
    try {
      Set<String> threads = twentyCallsAnswered202WithOneToken(client);
      String test = Thread.currentThread().getName();
      assertThat(threads).allMatch(name -> name.equals(NettyRestExchange.THREAD_NAME) || name.equals(test))
          .contains(NettyRestExchange.THREAD_NAME);
    } finally {
      client.close();
    }
  }

  /** Sends 20 calls to one user at once; each is answered 202, all with one token. The threads that completed them. */
  private Set<String> twentyCallsAnswered202WithOneToken(RestClient client) throws Exception {
    RestRequest request = RestRequest.hub("SendToUser", "POST", HubRef.of("chat", null)).literal("/users/")
        .segment("{user}", "u1").literal("/:send").body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .build();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<RestResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.send(request).whenComplete((r, e) -> threads.add(Thread.currentThread().getName())));
    }
    for (CompletableFuture<RestResponse> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
    }
    assertThat(tokens).hasSize(1);
    return threads;
  }
}
