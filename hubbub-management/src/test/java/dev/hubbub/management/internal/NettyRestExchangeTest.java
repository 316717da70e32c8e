package dev.hubbub.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.management.SignalRConnectionException;
import dev.hubbub.protocol.auth.AccessTokenIssuer;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Netty exchange against a real loopback server: pooling, limits, timeouts and broken peers. */
class NettyRestExchangeTest {
  private static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
  private static final Duration LONG = Duration.ofSeconds(10);

  private RawHttpServer server;
  private final List<NettyRestExchange> exchanges = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = new RawHttpServer();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    exchanges.forEach(NettyRestExchange::close);
    server.close();
  }

  private NettyRestExchange exchange(int maxConnections, int maxQueued) {
    return exchange(server.uri(), maxConnections, maxQueued);
  }

  private NettyRestExchange exchange(URI endpoint, int maxConnections, int maxQueued) {
    NettyRestExchange e = new NettyRestExchange(endpoint, Duration.ofSeconds(5), maxConnections, maxQueued, null);
    exchanges.add(e);
    return e;
  }

  private CompletableFuture<RestResponse> post(NettyRestExchange e, String path, Duration timeout) {
    return e.exchange("POST", URI.create(server.uri() + path), Map.of("Content-Type", "application/json"),
        "{}".getBytes(StandardCharsets.UTF_8), timeout);
  }

  private static RestResponse answer(CompletableFuture<RestResponse> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<RestResponse> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no failure", e);
    }
    throw new AssertionError("succeeded");
  }

  private RestClient client(NettyRestExchange e, URI endpoint, Duration timeout, RetryPolicy retry) {
    return new RestClient(e, endpoint, URI.create("http://127.0.0.1/"), AccessTokenIssuer.builder(KEY).build(),
        "host_1", timeout, retry, OpenTelemetry.noop());
  }

  private static RestRequest send() {
    return RestRequest.hub("SendToAll", "POST", HubRef.of("chat", null)).literal("/:send")
        .body("{}".getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void sequentialRequestsReuseOneKeptAliveConnection() throws Exception {
    NettyRestExchange e = exchange(4, 10);
    for (int i = 0; i < 20; i++) {
      RestResponse r = answer(post(e, "/api/x?i=" + i, LONG));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
    assertThat(server.accepted).hasValue(1);
    assertThat(server.requests).hasSize(20);
    RawHttpServer.Request first = server.requests.get(0);
    assertThat(first.target()).isEqualTo("/api/x?i=0");
    assertThat(first.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(first.header("Content-Length")).isEqualTo("2");
    assertThat(first.header("Content-Type")).isEqualTo("application/json");
    assertThat(first.header("User-Agent")).startsWith("hubbub-management/");
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void aConnectionIdleForLongerThanTheIdleTimeoutIsClosedInsteadOfReused() throws Exception {
    NettyRestExchange e = exchange(4, 10);
    e.idleTimeout(Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      assertThat(answer(post(e, "/i" + i, LONG)).status()).isEqualTo(200);
    }
    assertThat(server.accepted).hasValue(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.open.get() == 1);
  }

  @Test
  void aRequestNettyRefusesToEncodeFailsAtOnceAndLeavesTheConnectionUsable() throws Exception {
    NettyRestExchange e = exchange(1, 10);
    assertThat(answer(post(e, "/1", LONG)).status()).isEqualTo(200);
    CompletableFuture<RestResponse> bad = e.exchange("POST", URI.create(server.uri() + "/2"),
        Map.of("X-Bad", "line\nbreak"), null, LONG);
    assertThat(failure(bad)).isInstanceOf(IllegalArgumentException.class);
    assertThat(answer(post(e, "/3", LONG)).status()).isEqualTo(200);
    assertThat(server.accepted).hasValue(1);
    assertThat(server.requests).extracting(RawHttpServer.Request::target).containsExactly("/1", "/3");
  }

  @Test
  void headAndGetWithoutBodySendNoContentLengthAndReadTheErrorCode() throws Exception {
    server.respond((r, out) -> {
      out.write("HTTP/1.1 404 Not Found\r\nx-ms-error-code: Warning.User.NotExisted\r\nContent-Length: 7\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      if (!r.method().equals("HEAD")) {
        out.write("missing".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      return true;
    });
    NettyRestExchange e = exchange(1, 10);
    RestResponse head = answer(e.exchange("HEAD", URI.create(server.uri() + "/a"), Map.of(), null, LONG));
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.errorCode()).isEqualTo("Warning.User.NotExisted");
    assertThat(head.body()).isEmpty();
    RestResponse get = answer(e.exchange("GET", URI.create(server.uri() + "/b"), Map.of(), null, LONG));
    assertThat(get.body()).isEqualTo("missing");
    assertThat(server.requests).allSatisfy(r -> assertThat(r.header("Content-Length")).isNull());
    assertThat(server.accepted).hasValue(1);
  }

  @Test
  void concurrencyIsCappedAtMaxConnectionsAndQueuedRequestsGoInOrder() throws Exception {
    server.respond((r, out) -> {
      release.await();
      return RawHttpServer.ok(out, r.target());
    });
    NettyRestExchange e = exchange(3, 100);
    List<CompletableFuture<RestResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(post(e, "/q" + i, LONG));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 3);
    release.countDown();
    for (int i = 0; i < calls.size(); i++) {
      assertThat(answer(calls.get(i)).body()).isEqualTo("/q" + i);
    }
    assertThat(server.maxOpen).hasValue(3);
    assertThat(server.accepted).hasValue(3);
  }

  @Test
  void pastTheQueueBoundARequestFailsAtOnceNamingTheLimit() throws Exception {
    server.respond((r, out) -> {
      release.await();
      return RawHttpServer.ok(out, "ok");
    });
    NettyRestExchange e = exchange(1, 2);
    CompletableFuture<RestResponse> inFlight = post(e, "/1", LONG);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1);
    CompletableFuture<RestResponse> queued1 = post(e, "/2", LONG);
    CompletableFuture<RestResponse> queued2 = post(e, "/3", LONG);
    CompletableFuture<RestResponse> rejected = post(e, "/4", LONG);
    assertThat(failure(rejected)).isInstanceOf(SignalRConnectionException.class)
        .hasMessageContaining("2 already wait").hasMessageContaining("1 connections")
        .hasMessageContaining("restMaxQueuedRequests");
    RestClient client = client(e, server.uri(), LONG, RetryPolicy.NONE);
    assertThatThrownBy(() -> client.send(send()).join()).hasCauseInstanceOf(SignalRConnectionException.class)
        .hasMessageContaining("SendToAll: POST /api/hubs/chat/:send?api-version=2022-06-01 failed:")
        .hasMessageContaining("Too many REST calls waiting: 2 already wait");
    assertThat(inFlight).isNotDone();
    release.countDown();
    assertThat(answer(inFlight).status()).isEqualTo(200);
    assertThat(answer(queued1).status()).isEqualTo(200);
    assertThat(answer(queued2).status()).isEqualTo(200);
  }

  @Test
  void aServerThatNeverAnswersTimesOutAndItsConnectionIsClosed() throws Exception {
    // reads on and never answers
    server.respond((r, out) -> true);
    NettyRestExchange e = exchange(2, 10);
    assertThat(failure(post(e, "/slow", Duration.ofMillis(300)))).isInstanceOf(HttpTimeoutException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.open.get() == 0);

    RestClient client = client(exchange(2, 10), server.uri(), Duration.ofMillis(300), RetryPolicy.NONE);
    assertThatThrownBy(() -> client.send(send()).join()).hasCauseInstanceOf(SignalRConnectionException.class)
        .hasMessageContaining("SendToAll: POST /api/hubs/chat/:send?api-version=2022-06-01 timed out after 300 ms"
            + " (set ServiceManagerBuilder.restTimeout");
  }

  @Test
  void aTimedOutRequestStillWaitingForAConnectionFailsToo() throws Exception {
    server.respond((r, out) -> {
      release.await();
      return RawHttpServer.ok(out, "ok");
    });
    NettyRestExchange e = exchange(1, 10);
    CompletableFuture<RestResponse> held = post(e, "/held", LONG);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1);
    assertThat(failure(post(e, "/waits", Duration.ofMillis(200)))).isInstanceOf(HttpTimeoutException.class);
    release.countDown();
    assertThat(answer(held).status()).isEqualTo(200);
    assertThat(answer(post(e, "/after", LONG)).status()).isEqualTo(200);
    assertThat(server.requests).extracting(RawHttpServer.Request::target).containsExactly("/held", "/after");
  }

  @Test
  void aRefusedConnectionIsAConnectExceptionAndRetriedAsNeverSent() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI endpoint = URI.create("http://127.0.0.1:" + closedPort);
    NettyRestExchange e = exchange(endpoint, 2, 10);
    assertThat(failure(e.exchange("POST", URI.create(endpoint + "/x"), Map.of(), null, LONG)))
        .isInstanceOf(ConnectException.class);

    RestClient client = client(e, endpoint, LONG, new RetryPolicy(1, Duration.ZERO));
    assertThatThrownBy(() -> client.send(send()).join()).hasCauseInstanceOf(SignalRConnectionException.class)
        .hasMessageContaining("could not connect to http://127.0.0.1:" + closedPort)
        .hasMessageContaining("after 2 attempts");
  }

  @Test
  void aServerClosingAKeptAliveConnectionBetweenRequestsDoesNotFailTheNext() throws Exception {
    // closes right after answering, without saying so
    server.respond((r, out) -> {
      RawHttpServer.ok(out, "ok");
      return false;
    });
    NettyRestExchange e = exchange(1, 10);
    assertThat(answer(post(e, "/1", LONG)).status()).isEqualTo(200);
    assertThat(answer(post(e, "/2", LONG)).status()).isEqualTo(200);
    assertThat(answer(post(e, "/3", LONG)).status()).isEqualTo(200);
    assertThat(server.accepted).hasValue(3);
  }

  @Test
  void aRequestOnAKeptAliveConnectionClosedBeforeAnyAnswerGoesOnceMoreOnAFreshOne() throws Exception {
    // the second request on each connection finds it closed (a server's idle close racing the request)
    server.respond((r, out) -> r.indexOnConnection() == 0 && RawHttpServer.ok(out, "ok"));
    NettyRestExchange e = exchange(1, 10);
    assertThat(answer(post(e, "/1", LONG)).status()).isEqualTo(200);
    assertThat(answer(post(e, "/2", LONG)).status()).isEqualTo(200);
    assertThat(server.accepted).hasValue(2);
    assertThat(server.requests).extracting(RawHttpServer.Request::target).containsExactly("/1", "/2", "/2");
  }

  @Test
  void connectionCloseFromTheServerIsHonoured() throws Exception {
    server.respond((r, out) -> {
      out.write("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // keeps the socket open: the client must close it
      return true;
    });
    NettyRestExchange e = exchange(1, 10);
    assertThat(answer(post(e, "/1", LONG)).status()).isEqualTo(202);
    assertThat(answer(post(e, "/2", LONG)).status()).isEqualTo(202);
    assertThat(server.accepted).hasValue(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.open.get() == 0);
  }

  @Test
  void anOversizedResponseFailsClearly() throws Exception {
    server.respond((r, out) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (2 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();
      return true;
    });
    NettyRestExchange e = exchange(1, 10);
    assertThat(failure(post(e, "/big", LONG))).isInstanceOf(IOException.class)
        .hasMessageContaining("larger than the 1048576 bytes");
  }

  @Test
  void aMalformedResponseFailsItsRequestOnly() throws Exception {
    server.respond((r, out) -> {
      if (r.target().equals("/bad")) {
        out.write("GARBAGE GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
      }
      return RawHttpServer.ok(out, "ok");
    });
    NettyRestExchange e = exchange(4, 10);
    CompletableFuture<RestResponse> bad = post(e, "/bad", LONG);
    List<CompletableFuture<RestResponse>> good = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      good.add(post(e, "/good", LONG));
    }
    assertThat(failure(bad)).isInstanceOf(IOException.class).hasMessageContaining("Malformed HTTP response from "
        + server.uri());
    for (CompletableFuture<RestResponse> f : good) {
      assertThat(answer(f).status()).isEqualTo(200);
    }
    assertThat(answer(post(e, "/good", LONG)).status()).isEqualTo(200);
  }

  @Test
  void failureMessagesNeverCarryTheToken() throws Exception {
    server.respond((r, out) -> {
      if (r.target().contains("garbage")) {
        out.write(("HTTP/1.1 " + r.header("Authorization") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
      }
      return true;
    });
    List<Throwable> failures = new ArrayList<>();
    RestClient slow = client(exchange(2, 10), server.uri(), Duration.ofMillis(200), RetryPolicy.NONE);
    failures.add(failure(slow.send(send())));
    RestRequest garbage = RestRequest.hub("SendToUser", "POST", HubRef.of("chat", null)).literal("/users/")
        .segment("{user}", "garbage").literal("/:send").body("{}".getBytes(StandardCharsets.UTF_8)).build();
    failures.add(failure(slow.send(garbage)));
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI refused = URI.create("http://127.0.0.1:" + closedPort);
    failures.add(failure(client(exchange(refused, 1, 1), refused, LONG, RetryPolicy.NONE).send(send())));
    assertThat(failures).hasSize(3).allSatisfy(f -> {
      assertThat(f).isInstanceOf(SignalRConnectionException.class);
      for (Throwable t = f; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("Bearer").doesNotContain("eyJ");
        assertThat(t.toString()).doesNotContain("Bearer").doesNotContain("eyJ");
      }
    });
  }

  private static RestResponse answerFrom(CompletableFuture<RestResponse> f) throws Exception {
    return answer(f);
  }

  @Test
  void closeFailsLaterCallsAndEndsTheThread() throws Exception {
    NettyRestExchange e = exchange(1, 10);
    assertThat(answerFrom(post(e, "/1", LONG)).status()).isEqualTo(200);
    e.close();
    e.close();
    assertThat(failure(post(e, "/2", LONG))).isInstanceOf(IOException.class).hasMessageContaining("closed");
    await().atMost(Duration.ofSeconds(10)).until(e::terminated);
  }
}
