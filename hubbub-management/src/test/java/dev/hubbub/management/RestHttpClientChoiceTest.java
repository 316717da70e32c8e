package dev.hubbub.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which HTTP client REST calls use, and what the default one's I/O thread allows. */
class RestHttpClientChoiceTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private HttpServer server;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<String> agents = new CopyOnWriteArrayList<>();
  private final CountDownLatch answer = new CountDownLatch(1);
  private volatile boolean hold;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      targets.add(exchange.getRequestURI().toString());
      agents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
      exchange.getRequestBody().readAllBytes();
      if (hold) {
        try {
          answer.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    answer.countDown();
    server.stop(0);
  }

  private String local() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aGivenJdkClientCarriesTheCallsThroughItsProxy() {
    // the endpoint does not resolve: only the JDK client's proxy setting gets the call to the server
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.getAddress().getPort()))).build();
    try (ServiceManager manager = new ServiceManagerBuilder().endpoint("http://signalr.invalid:8080").accessKey(KEY)
        .httpClient(jdk).restTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(manager.isServiceHealthy()).isTrue();
    }
    assertThat(targets).containsExactly("http://signalr.invalid:8080/api/health?api-version=2022-06-01");
    assertThat(agents.get(0)).startsWith("Java-http-client");
  }

  @Test
  void theDefaultClientIsTheSdksOwn() {
    try (ServiceManager manager = new ServiceManagerBuilder().endpoint(local()).accessKey(KEY).build()) {
      assertThat(manager.isServiceHealthy()).isTrue();
    }
    assertThat(targets).containsExactly("/api/health?api-version=2022-06-01");
    assertThat(agents.get(0)).startsWith("hubbub-management/");
  }

  @Test
  void aBlockingCallInAContinuationOnTheIoThreadIsRefused() throws Exception {
    hold = true;
    try (ServiceManager manager = new ServiceManagerBuilder().endpoint(local()).accessKey(KEY).build()) {
      CompletableFuture<Boolean> first = manager.isServiceHealthyAsync();
      // attached before the answer is let through, so it runs on the thread that completes the call
      CompletableFuture<Boolean> nested = first.thenApply(ok -> manager.isServiceHealthy());
      answer.countDown();
      Throwable failure = null;
      try {
        nested.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      assertThat(failure).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("hubbub-management-http").hasMessageContaining("Async");
      // the async way from there works
      assertThat(first.thenCompose(ok -> manager.isServiceHealthyAsync()).get(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closingTheManagerFailsLaterCalls() {
    ServiceManager manager = new ServiceManagerBuilder().endpoint(URI.create(local())).accessKey(KEY).build();
    assertThat(manager.isServiceHealthy()).isTrue();
    manager.close();
    // a refused, timed-out or closed call is "not healthy"
    assertThat(manager.isServiceHealthy()).isFalse();
  }
}
